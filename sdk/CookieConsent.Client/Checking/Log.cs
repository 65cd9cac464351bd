using CookieConsent.Client.Contracts;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Client.Checking;

// Event names are contract. Visitor ids, keys and cookie values are never logged.
internal static partial class Log
{
    [LoggerMessage(EventId = 1101, EventName = "ConsentCheckMalformedVisitorId", Level = LogLevel.Warning,
        Message = "Tracking for '{Category}' denied: the visitor id is not a valid visitor id.")]
    public static partial void MalformedVisitorId(ILogger logger, string category);

    [LoggerMessage(EventId = 1102, EventName = "ConsentCheckUnknownCategory", Level = LogLevel.Warning,
        Message = "Tracking for '{Category}' denied: the site has no such category.")]
    public static partial void UnknownCategory(ILogger logger, string category);

    [LoggerMessage(EventId = 1103, EventName = "ConsentCheckUnknownVisitor", Level = LogLevel.Information,
        Message = "Tracking for '{Category}' denied: the consent server has no consent recorded for the visitor.")]
    public static partial void UnknownVisitor(ILogger logger, string category);

    [LoggerMessage(EventId = 1104, EventName = "ConsentCheckDenied", Level = LogLevel.Debug,
        Message = "Tracking for '{Category}' denied: {Reason}.")]
    public static partial void Denied(ILogger logger, string category, DecisionReason reason);

    [LoggerMessage(EventId = 1105, EventName = "ConsentCheckErrorAnswer", Level = LogLevel.Warning,
        Message = "Tracking for '{Category}' denied: the consent server answered {Status} ({Title}).")]
    public static partial void ErrorAnswer(ILogger logger, string category, int status, string? title);

    [LoggerMessage(EventId = 1106, EventName = "ConsentCheckTimedOut", Level = LogLevel.Warning,
        Message = "Tracking for '{Category}' denied: the consent server did not answer in time.")]
    public static partial void TimedOut(ILogger logger, string category);

    [LoggerMessage(EventId = 1107, EventName = "ConsentCheckUnreachable", Level = LogLevel.Warning,
        Message = "Tracking for '{Category}' denied: the consent server could not be reached ({Error}).")]
    public static partial void Unreachable(ILogger logger, string category, HttpRequestError error, Exception exception);

    [LoggerMessage(EventId = 1108, EventName = "ConsentCheckMalformedAnswer", Level = LogLevel.Warning,
        Message = "Tracking for '{Category}' denied: the consent server's answer could not be read.")]
    public static partial void MalformedAnswer(ILogger logger, string category, Exception? exception);

    [LoggerMessage(EventId = 1109, EventName = "ConsentCheckFailed", Level = LogLevel.Error,
        Message = "Tracking for '{Category}' denied: the consent check failed unexpectedly.")]
    public static partial void Unexpected(ILogger logger, string category, Exception exception);

    [LoggerMessage(EventId = 1110, EventName = "ConsentCheckCircuitOpen", Level = LogLevel.Warning,
        Message = "Tracking for '{Category}' denied: the consent server failed repeatedly, so calls are held back for a while (circuit open).")]
    public static partial void CircuitOpen(ILogger logger, string category);
}
