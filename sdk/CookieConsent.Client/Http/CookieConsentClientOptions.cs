namespace CookieConsent.Http;

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

    /// <summary>The site id (<c>[a-z0-9-]{1,64}</c>) that <see cref="Checking.IConsentChecker"/> asks about. Required.</summary>
    public string? SiteId { get; set; }

    /// <summary>The site API key, sent as a Bearer token to the site endpoints. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The admin key, sent only by the admin methods (sites and keys). Leave empty in anything but admin tooling.
    /// </summary>
    /// <value>Defaults to none.</value>
    public string? AdminKey { get; set; }

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
}
