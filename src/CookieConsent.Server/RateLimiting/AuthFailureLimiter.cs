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

    public AuthFailureLimiter(IOptions<RateLimitOptions> options)
    {
        var settings = options.Value;
        if (settings.Enabled)
        {
            _limiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetFixedWindowLimiter(RateLimits.ClientPartition(http), _ => RateLimits.LimiterOptions(settings.AuthFailures)));
        }
    }

    /// <summary>Whether the client has used up its failures for this window.</summary>
    public bool IsLockedOut(HttpContext http, out TimeSpan retryAfter) => !Acquire(http, 0, out retryAfter);

    /// <summary>Counts one refused key; <see langword="false"/> when it went over the limit.</summary>
    public bool TryCountFailure(HttpContext http, out TimeSpan retryAfter) => Acquire(http, 1, out retryAfter);

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
