namespace CookieConsent.Client.Http;

/// <summary>
/// Settings of the CookieConsent admin client (<see cref="ICookieConsentAdminApi"/>), bound from the
/// <c>CookieConsentAdmin</c> configuration section and validated when the application starts. Only admin tooling
/// needs them: a website never holds the admin key.
/// </summary>
public sealed class CookieConsentAdminClientOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "CookieConsentAdmin";

    /// <summary>Base URL of the consent server, e.g. <c>https://consent.example.com/</c>. Required.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>The admin key, sent as a Bearer token. Required.</summary>
    public string? AdminKey { get; set; }

    /// <summary>The longest one call may take, every attempt and retry delay included. Only reads are retried.</summary>
    /// <value>Defaults to 30 seconds. At most 5 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
