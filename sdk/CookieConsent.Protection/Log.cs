using Microsoft.Extensions.Logging;

namespace CookieConsent.Protection;

// Event names are contract.
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, EventName = "ConsentKeyRingForeignKeys", Level = LogLevel.Error,
        Message = "The consent key ring holds {Count} key(s) this instance cannot decrypt; it adds no key of its own and cannot "
            + "protect or verify consent cookies with them. Configure CookieConsent:KeyRing:Certificate with the ring's certificate.")]
    public static partial void ForeignKeyRingRefused(ILogger logger, int count);

    [LoggerMessage(EventId = 4002, EventName = "ConsentKeyRingUnencryptedKeyRefused", Level = LogLevel.Error,
        Message = "An unencrypted key was not added to the consent key ring: a key-ring certificate is configured.")]
    public static partial void UnencryptedKeyRefused(ILogger logger);
}
