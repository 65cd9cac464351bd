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

    /// <summary>The most visitors' states, and separately the most verified cookies, one instance keeps (least recently
    /// used go first). About 1 KB each for a six-category site.</summary>
    /// <value>Defaults to 100 000.</value>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>How long an entry is used at most, even without a change heard: the bound for a change whose
    /// invalidation message was lost while the channel itself kept working.</summary>
    /// <value>Defaults to 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EntryLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each instance pings itself on the channel; a ping not heard back by the next one drops the
    /// caches until one is (the lost-connection events of the Redis client drop them at once).</summary>
    /// <value>Defaults to 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan SubscriptionCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
