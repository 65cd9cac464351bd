using System.ComponentModel.DataAnnotations;

namespace CookieConsent.Server.Caching;

/// <summary>
/// The per-instance caches of the read path (section <c>CookieConsent:ReadCache</c>): consent states, verified consent
/// cookies and site keys, kept coherent across instances through one Redis pub/sub channel. While that channel is not
/// known to work the caches are dropped and every read goes to Redis.
/// </summary>
public sealed class ReadCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CookieConsent:ReadCache";

    /// <summary>Whether the caches are used at all. Off, every check reads Redis as before.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The most consent answers (one per visitor and combination of DNT / GPC signals seen) one instance keeps;
    /// past it, one not read lately makes room for a new one. Each is the serialised answer and a few fields: the
    /// server's RSS grew by about 1.3 KB per cached visitor of a six-category site (<c>scripts/bench-http.sh memory</c>,
    /// docs/benchmarks.md), so the default million needs about 1.2 GB per instance.</summary>
    /// <value>Defaults to 1 000 000.</value>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 1_000_000;

    /// <summary>The most verified consent cookies (<c>tokens/verify</c>) one instance keeps, evicted like
    /// <see cref="MaxEntries"/>. Each holds the cookie, its payload, the visitor's stored state and the serialised
    /// answer: a few KB, so fewer than consent answers.</summary>
    /// <value>Defaults to 100 000.</value>
    [Range(1, 10_000_000)]
    public int MaxCookies { get; set; } = 100_000;

    /// <summary>How long an entry is used at most, even without a change heard: the bound for a change whose
    /// invalidation message was lost while the channel itself kept working. A visitor's own changes (choices,
    /// signals, erasure) are published by the script that writes them, so only a site-wide change published after its
    /// write can be missed that way; a visitor reads consent every page view, minutes apart, so a shorter lifetime
    /// sends most of a large site's checks back to Redis.</summary>
    /// <value>Defaults to 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EntryLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each instance pings itself on the channel; a ping not heard back by the next one drops the
    /// caches until one is (the lost-connection events of the Redis client drop them at once).</summary>
    /// <value>Defaults to 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan SubscriptionCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
