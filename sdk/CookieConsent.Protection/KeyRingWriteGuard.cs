using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Protection;

/// <summary>
/// Keeps a shared key ring readable by every instance that shares it. DataProtection creates a key whenever it finds
/// none it can use — and an instance given the wrong certificate, or none, finds none in a ring encrypted for another
/// one: left alone it would add a key of its own (in plain text when it has no certificate) that the other instances
/// cannot read, and they would start refusing its cookies. So a key is stored only when this instance can decrypt
/// every key already in the ring and, when it has a certificate, only encrypted.
/// </summary>
internal sealed class KeyRingWriteGuard(IXmlRepository inner, X509Certificate2? certificate, ILogger logger) : IXmlRepository
{
    private static readonly XNamespace XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    private readonly string? _certificate = certificate is null ? null : Convert.ToBase64String(certificate.RawData);

    public IReadOnlyCollection<XElement> GetAllElements() => inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (IsKey(element))
        {
            if (_certificate is not null && !IsEncrypted(element))
            {
                Log.UnencryptedKeyRefused(logger);
                throw new InvalidOperationException(
                    "Refused to add an unencrypted key to the consent key ring while a key-ring certificate is configured.");
            }
            var unreadable = inner.GetAllElements().Count(e => IsKey(e) && !CanDecrypt(e));
            if (unreadable > 0)
            {
                Log.ForeignKeyRingRefused(logger, unreadable);
                throw new InvalidOperationException(
                    $"The consent key ring holds {unreadable} key(s) this instance cannot decrypt: no key of its own was added. "
                    + "Configure CookieConsent:KeyRing:Certificate with the certificate the ring is encrypted with.");
            }
        }
        inner.StoreElement(element, friendlyName);
    }

    /// <summary>Whether this instance can read <paramref name="key"/>: it is in plain text, or encrypted for our certificate.</summary>
    internal bool CanDecrypt(XElement key)
    {
        if (!IsEncrypted(key))
        {
            return true;
        }
        // EncryptedXml names the recipient's certificate in the encrypted key's KeyInfo.
        return _certificate is not null
            && key.Descendants(XmlDsig + "X509Certificate").Any(c => string.Equals(
                string.Concat(c.Value.Where(ch => !char.IsWhiteSpace(ch))), _certificate, StringComparison.Ordinal));
    }

    private static bool IsKey(XElement element) => element.Name.LocalName == "key";

    private static bool IsEncrypted(XElement key) => key.Descendants().Any(e => e.Name.LocalName == "encryptedSecret");
}
