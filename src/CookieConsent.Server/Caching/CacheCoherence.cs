using System.Diagnostics;
using CookieConsent.Core.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Server.Caching;

/// <summary>
/// Whether this instance's read caches may be used, and the counters that say whether an entry is still current.
/// Trusted only after this instance heard its own ping on the invalidation channel; a lost connection (or an unanswered
/// ping) makes it untrusted at once, bumps the epoch (every entry becomes stale) and clears the caches.
/// </summary>
/// <remarks>
/// Trust is a lease: each ping heard back extends it by three check intervals, so a channel that dies without any
/// event (Redis frozen, a stuck connection) stops the caches within that time even before the next tick notices.
/// Every use also asks the multiplexer whether it is connected: the client marks a closed socket disconnected as soon as
/// its reader sees it, while the connection-failed event reaches <see cref="Lose"/> only after a hop through the thread
/// pool, which under load is long enough to answer from the cache after Redis is gone.
/// Changes bump counters instead of finding entries: a visitor's change bumps the visitor's stripe (one of
/// <see cref="StripeCount"/>, so a change may also retire a few unrelated entries), a site-wide change bumps a counter
/// every entry depends on. Readers take a stamp before they read Redis and store only if it is still current after.
/// </remarks>
internal sealed class CacheCoherence
{
    private const int StripeCount = 4096;

    private readonly long[] _stripes = new long[StripeCount];
    private readonly ILogger<CacheCoherence> _logger;
    private readonly IConnectionMultiplexer _redis;
    private long _epoch;
    private readonly long _leaseTicks;
    private long _sites;
    private long _trustedUntil;
    private volatile bool _trusted;

    public CacheCoherence(IConnectionMultiplexer redis, IOptions<ReadCacheOptions> options, ILogger<CacheCoherence> logger)
    {
        _logger = logger;
        _redis = redis;
        _leaseTicks = (long)(3 * options.Value.SubscriptionCheckInterval.TotalSeconds * Stopwatch.Frequency);
        CacheInvalidation.Listen(redis, Invalidate);
    }

    /// <summary>Raised when the caches must be emptied (the channel was lost).</summary>
    public event Action? Dropped;

    /// <summary>Whether entries may be served and stored now.</summary>
    public bool Trusted => _trusted && Stopwatch.GetTimestamp() < Volatile.Read(ref _trustedUntil) && _redis.IsConnected;

    /// <summary>The current epoch, for a ping to confirm later.</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    /// <summary>A stamp for a read of the visitor's data; <see langword="false"/> while the caches are not trusted.</summary>
    public bool TryBegin(string site, string visitor, out CacheStamp stamp)
    {
        // The epoch before the flag: Lose() clears the flag before it bumps the epoch, so a reader that sees the flag
        // still set holds the old epoch, and its entry is stale from the moment the loss is known.
        var epoch = Volatile.Read(ref _epoch);
        var sites = Volatile.Read(ref _sites);
        var stripe = Stripe(site, visitor);
        stamp = new CacheStamp(epoch, sites, stripe, Volatile.Read(ref _stripes[stripe]));
        return Trusted;
    }

    /// <summary>A stamp for a read that depends on site-wide data only (a key).</summary>
    public bool TryBeginSiteWide(out CacheStamp stamp)
    {
        var epoch = Volatile.Read(ref _epoch);
        stamp = new CacheStamp(epoch, Volatile.Read(ref _sites), -1, 0);
        return Trusted;
    }

    /// <summary>Whether an entry read under <paramref name="stamp"/> may be served (or stored) now.</summary>
    public bool IsCurrent(in CacheStamp stamp) =>
        Trusted
        && Volatile.Read(ref _epoch) == stamp.Epoch
        && Volatile.Read(ref _sites) == stamp.Sites
        && (stamp.Stripe < 0 || Volatile.Read(ref _stripes[stamp.Stripe]) == stamp.Generation);

    /// <summary>A change made here or heard on the channel.</summary>
    public void Invalidate(CacheChange change)
    {
        if (change.Visitor is null)
        {
            Interlocked.Increment(ref _sites);
        }
        else
        {
            Interlocked.Increment(ref _stripes[Stripe(change.Site, change.Visitor)]);
        }
    }

    /// <summary>The channel is lost or in doubt: nothing cached is served until <see cref="Confirm"/>. Logged with a reason.</summary>
    public void Lose(string? reason)
    {
        var wasTrusted = _trusted;
        _trusted = false;
        Interlocked.Increment(ref _epoch);
        Dropped?.Invoke();
        if (wasTrusted && reason is not null)
        {
            CacheLog.Dropped(_logger, reason);
        }
    }

    /// <summary>This instance heard its own ping sent in <paramref name="epoch"/>: trusted (again) for a lease, unless it
    /// was lost since the ping was sent.</summary>
    public void Confirm(long epoch)
    {
        if (Volatile.Read(ref _epoch) != epoch)
        {
            return;
        }
        if (_trusted && Stopwatch.GetTimestamp() >= Volatile.Read(ref _trustedUntil))
        {
            // The lease ran out unnoticed: messages may have been missed meanwhile, so it counts as a loss, and the
            // next ping (of the new epoch) trusts again.
            Lose("no ping was heard back within three check intervals");
            return;
        }
        Volatile.Write(ref _trustedUntil, Stopwatch.GetTimestamp() + _leaseTicks);
        var wasTrusted = _trusted;
        _trusted = true;
        // A loss between the check and the flag bumped the epoch: undo, so it is never trusted past a loss.
        if (Volatile.Read(ref _epoch) != epoch)
        {
            _trusted = false;
            return;
        }
        if (!wasTrusted)
        {
            CacheLog.Trusted(_logger);
        }
    }

    private static int Stripe(string site, string visitor) => (int)((uint)HashCode.Combine(site, visitor) % StripeCount);
}
