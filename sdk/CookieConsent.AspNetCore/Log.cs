using CookieConsent.Client.Tokens;
using Microsoft.Extensions.Logging;

namespace CookieConsent.AspNetCore;

// Event names are contract. Cookie values, visitor ids, API keys and IP addresses are never logged.
internal static partial class Log
{
    [LoggerMessage(EventId = 2101, EventName = "ConsentPolicyUnavailable", Level = LogLevel.Warning,
        Message = "The site's policy could not be fetched from the consent server (previous copy in use: {HasPreviousCopy}).")]
    public static partial void PolicyUnavailable(ILogger logger, bool hasPreviousCopy, Exception exception);

    [LoggerMessage(EventId = 2102, EventName = "ConsentPolicyForOtherSite", Level = LogLevel.Error,
        Message = "The consent server answered the policy request with another site's policy; it is ignored.")]
    public static partial void PolicyForOtherSite(ILogger logger);

    [LoggerMessage(EventId = 2103, EventName = "ConsentRequestWithoutPolicy", Level = LogLevel.Warning,
        Message = "No site policy is available: every optional category is denied for this request.")]
    public static partial void RequestWithoutPolicy(ILogger logger);

    [LoggerMessage(EventId = 2104, EventName = "ConsentFailedClosed", Level = LogLevel.Warning,
        Message = "The consent cookie could not be verified: every optional category is denied for this request.")]
    public static partial void FailedClosed(ILogger logger);

    [LoggerMessage(EventId = 2105, EventName = "ConsentCookieRejected", Level = LogLevel.Information,
        Message = "The consent server rejected a consent cookie ({Status}): the visitor is treated as not having chosen.")]
    public static partial void CookieRejected(ILogger logger, int status);

    [LoggerMessage(EventId = 2106, EventName = "ConsentCookieRejectedLocally", Level = LogLevel.Information,
        Message = "A consent cookie was rejected ({Rejection}): the visitor is treated as not having chosen.")]
    public static partial void CookieRejectedLocally(ILogger logger, TokenRejection rejection);

    [LoggerMessage(EventId = 2107, EventName = "ConsentVerificationUnavailable", Level = LogLevel.Warning,
        Message = "Consent cookie verification failed.")]
    public static partial void VerificationUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2108, EventName = "ConsentVerificationMismatch", Level = LogLevel.Error,
        Message = "The consent server's verification answer names another site or no valid visitor; it is ignored.")]
    public static partial void VerificationMismatch(ILogger logger);

    [LoggerMessage(EventId = 2109, EventName = "ConsentCookieStripped", Level = LogLevel.Information,
        Message = "Set-Cookie for '{CookieName}' removed: category '{Category}' is not consented (logged once per cookie name).")]
    public static partial void CookieStripped(ILogger logger, string cookieName, string category);

    [LoggerMessage(EventId = 2110, EventName = "ConsentFormAntiforgeryRejected", Level = LogLevel.Information,
        Message = "A consent form post without a valid antiforgery token was refused; nothing was recorded.")]
    public static partial void AntiforgeryRejected(ILogger logger);

    [LoggerMessage(EventId = 2111, EventName = "ConsentRecordFailed", Level = LogLevel.Warning,
        Message = "The visitor's choice could not be recorded at the consent server; no cookie was set.")]
    public static partial void RecordFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2112, EventName = "ConsentKeyRingUnreachable", Level = LogLevel.Warning,
        Message = "The consent key ring's Redis is unreachable: consent cookies cannot be verified locally.")]
    public static partial void KeyRingUnreachable(ILogger logger);

    [LoggerMessage(EventId = 2115, EventName = "ConsentErasureUnreadable", Level = LogLevel.Warning,
        Message = "Whether the visitor was erased could not be read from the consent server's Redis: every grant is denied.")]
    public static partial void ErasureUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2113, EventName = "GlobalPrivacyControlRecorded", Level = LogLevel.Information,
        Message = "Recorded the visitor's Global Privacy Control signal as an opt-out at the consent server.")]
    public static partial void SignalRecorded(ILogger logger);

    [LoggerMessage(EventId = 2114, EventName = "GlobalPrivacyControlRecordFailed", Level = LogLevel.Warning,
        Message = "The visitor's Global Privacy Control signal could not be recorded; it still applies to this request.")]
    public static partial void SignalRecordFailed(ILogger logger, Exception exception);
}
