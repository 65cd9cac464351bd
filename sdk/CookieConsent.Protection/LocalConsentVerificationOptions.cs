namespace CookieConsent.Protection;

/// <summary>
/// Settings of local verification (<c>AddLocalConsentVerification()</c>), bound from the <c>CookieConsent</c>
/// configuration section and validated when the application starts.
/// </summary>
public sealed class LocalConsentVerificationOptions
{
    /// <summary>
    /// StackExchange.Redis connection string of the consent server's Redis, which holds the key ring. Required.
    /// </summary>
    /// <value>Defaults to none.</value>
    public string? KeyRingRedis { get; set; }
}
