namespace CookieConsent.Client.Http;

/// <summary>
/// Settings of the CookieConsent API client, bound from the <c>CookieConsent</c> configuration section
/// and validated when the application starts.
/// </summary>
public sealed class CookieConsentClientOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "CookieConsent";

    /// <summary>Base URL of the consent server, e.g. <c>https://consent.example.com/</c>. Required.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>The site id (<c>[a-z0-9-]{1,64}</c>) that <see cref="Client.Checking.IConsentChecker"/> asks about. Required.</summary>
    public string? SiteId { get; set; }

    /// <summary>The site API key, sent as a Bearer token to the site endpoints. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The longest one call may take, every attempt and retry delay included.</summary>
    /// <value>Defaults to 2 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest one attempt of a read may take before it is abandoned (and retried while time is left).</summary>
    /// <value>Defaults to 1 second. At most <see cref="Timeout"/>.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a read (<c>GET</c>) is retried after a transient failure (network error, attempt timeout, 408, 429, 5xx).
    /// Writes are never retried.
    /// </summary>
    /// <value>Defaults to 2. From 0 to 10.</value>
    public int Retries { get; set; } = 2;

    /// <summary>
    /// The share of failed attempts (network error, timeout, 408, 429, 5xx) within 30 seconds that opens the circuit.
    /// While it is open, calls fail at once without reaching the server, so a site whose consent server is down or
    /// hanging renders its pages (with every optional category denied) instead of waiting for each call's timeout.
    /// </summary>
    /// <value>Defaults to 0.5. Greater than 0, at most 1.</value>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>How many attempts must have been made within 30 seconds before the circuit can open.</summary>
    /// <value>Defaults to 10. From 2 to 10000.</value>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>How long the circuit stays open before one call is let through to see whether the server is back.</summary>
    /// <value>Defaults to 5 seconds. From 0.5 seconds to 1 hour.</value>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
