using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.RateLimiting;

/// <summary>
/// Counts refused keys per client address. ASP.NET Core's limiter middleware counts requests before they run; a
/// failure is only known afterwards, so the key filters ask this limiter directly: before checking a key (locked out?)
/// and after refusing one (count it).
/// </summary>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext>? _limiter;
    private readonly long _quietTicks;
    private long _lastFailure = long.MinValue / 2;

    public AuthFailureLimiter(IOptions<RateLimitOptions> options)
    {
        var settings = options.Value;
        if (settings.Enabled)
        {
            var rule = RateLimits.LimiterOptions(settings.AuthFailures);
            _limiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetFixedWindowLimiter(RateLimits.ClientPartition(http), _ => rule));
            // A client is locked out only within the window of a failure it made (plus the heartbeat that ends it).
            _quietTicks = (long)((settings.AuthFailures.Window + TimeSpan.FromSeconds(1)).TotalSeconds * Stopwatch.Frequency);
        }
    }

    /// <summary>Whether the client has used up its failures for this window.</summary>
    /// <remarks>Asked by every keyed request: while no key was refused for a whole window, nobody can be locked out,
    /// and the answer needs neither the client's partition nor the limiter's lock.</remarks>
    public bool IsLockedOut(HttpContext http, out TimeSpan retryAfter)
    {
        if (Stopwatch.GetTimestamp() - Volatile.Read(ref _lastFailure) > _quietTicks)
        {
            retryAfter = TimeSpan.Zero;
            return false;
        }
        return !Acquire(http, 0, out retryAfter);
    }

    /// <summary>Counts one refused key; <see langword="false"/> when it went over the limit.</summary>
    public bool TryCountFailure(HttpContext http, out TimeSpan retryAfter)
    {
        // Noted before the count, so a lockout it causes is never missed by the quiet check above.
        Volatile.Write(ref _lastFailure, Stopwatch.GetTimestamp());
        return Acquire(http, 1, out retryAfter);
    }

    public void Dispose() => _limiter?.Dispose();

    private bool Acquire(HttpContext http, int permits, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null)
        {
            return true;
        }
        using var lease = _limiter.AttemptAcquire(http, permits);
        if (lease.IsAcquired)
        {
            return true;
        }
        lease.TryGetMetadata(MetadataName.RetryAfter, out retryAfter);
        return false;
    }
}
