namespace CookieConsent.Server.RateLimiting;

/// <summary>Rate limits, section <c>CookieConsent:RateLimits</c>. Every limit is per client IP address (IPv6 per /64).</summary>
/// <remarks>
/// The defaults only stop floods and key guessing: a busy client site, the test suite and the benchmarks stay far below
/// them. Behind a load balancer, forward the client address (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>), or
/// every visitor shares the balancer's partition.
/// </remarks>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CookieConsent:RateLimits";

    /// <summary>Whether any limit applies.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Consent writes and erasures through the API (<c>PUT .../consent</c>, <c>DELETE .../visitors/{visitor}</c>).</summary>
    /// <value>Defaults to 10,000 per second.</value>
    public RateLimitRule Writes { get; set; } = new() { PermitLimit = 10_000, Window = TimeSpan.FromSeconds(1) };

    /// <summary>Form posts of the hosted consent pages (policy <see cref="RateLimits.FormPosts"/>).</summary>
    /// <value>Defaults to 1,000 per second.</value>
    public RateLimitRule FormPosts { get; set; } = new() { PermitLimit = 1_000, Window = TimeSpan.FromSeconds(1) };

    /// <summary>Requests refused for a missing or wrong admin or site key. Once used up, every keyed request from that
    /// address answers 429 until the window ends, whether its key is right or not (so guessing learns nothing).</summary>
    /// <value>Defaults to 30 per minute.</value>
    public RateLimitRule AuthFailures { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };
}

/// <summary>A fixed-window limit: at most <see cref="PermitLimit"/> per <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    /// <summary>How many are allowed per window (at least 1).</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window length (1 ms to 1 day).</summary>
    public TimeSpan Window { get; set; }
}
