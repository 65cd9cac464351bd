using System.Security.Cryptography.X509Certificates;

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

    /// <summary>
    /// The certificate the consent server encrypts its key ring with (<c>CookieConsent:KeyRing:Certificate</c> there), with
    /// its private key; needed only when the ring is encrypted. Set it in code, e.g. loaded with
    /// <see cref="X509CertificateLoader.LoadPkcs12FromFile(string, string?, X509KeyStorageFlags, Pkcs12LoaderLimits?)"/>.
    /// </summary>
    /// <value>Defaults to none.</value>
    public X509Certificate2? KeyRingCertificate { get; set; }
}
