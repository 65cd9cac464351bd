using Microsoft.Extensions.Logging;

namespace CookieConsent.AspNetCore.Sync;

/// <summary>Log events of the sync bounce (event names are contract). Never a code, a state or a visitor id.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(EventId = 2201, EventName = "ServiceSyncBounced", Level = LogLevel.Debug,
        Message = "Sent the visitor through the consent server's sync bounce.")]
    public static partial void Bounced(ILogger logger);

    [LoggerMessage(EventId = 2202, EventName = "ServiceSyncCompleted", Level = LogLevel.Information,
        Message = "Service sync completed: opted out {OptedOut}, consent changed {Changed}.")]
    public static partial void Completed(ILogger logger, bool optedOut, bool changed);

    [LoggerMessage(EventId = 2203, EventName = "ServiceSyncRefused", Level = LogLevel.Warning,
        Message = "A sync return was refused ({Reason}); nothing changed, the visitor is not bounced again for a while.")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(EventId = 2204, EventName = "ServiceSyncFailed", Level = LogLevel.Warning,
        Message = "The sync code could not be exchanged; nothing changed, the visitor is not bounced again for a while.")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2205, EventName = "HostedReferenceFailed", Level = LogLevel.Warning,
        Message = "No visitor reference for the hosted pages could be had; the visitor goes there without one, so the choice made there stays on the consent server.")]
    public static partial void ReferenceFailed(ILogger logger, Exception exception);
}
