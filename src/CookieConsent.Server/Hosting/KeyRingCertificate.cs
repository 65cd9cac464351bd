using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CookieConsent.Server.Hosting;

/// <summary>Loads <c>CookieConsent:KeyRing:Certificate</c> at start; a certificate that cannot be used stops the server.</summary>
internal static class KeyRingCertificate
{
    private const string Setting = $"{ServerOptions.Section}:{nameof(ServerOptions.KeyRing)}:{nameof(KeyRingOptions.Certificate)}";

    /// <summary>The configured certificate with its private key, or <see langword="null"/> when none is configured.</summary>
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(Setting).Get<KeyRingCertificateOptions>();
        if (string.IsNullOrWhiteSpace(options?.Path))
        {
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(options.Path, options.Password);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{Setting}:Path '{options.Path}' could not be loaded as a PKCS#12 file with {Setting}:Password: {ex.Message}", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException(
                $"{Setting}:Path '{options.Path}' has no private key: the key ring cannot be decrypted with it.");
        }
        return certificate;
    }
}
