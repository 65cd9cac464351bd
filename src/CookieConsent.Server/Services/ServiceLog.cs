namespace CookieConsent.Server.Services;

/// <summary>Log events of services and the sync bounce (event names are contract). Never a visitor id, code or state.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 6001, EventName = "ServiceOptedOut", Level = LogLevel.Information,
        Message = "A visitor opted out of service {Service}.")]
    public static partial void OptedOut(ILogger logger, string service);

    [LoggerMessage(EventId = 6002, EventName = "ServiceOptedIn", Level = LogLevel.Information,
        Message = "A visitor opted back in to service {Service}.")]
    public static partial void OptedIn(ILogger logger, string service);

    [LoggerMessage(EventId = 6003, EventName = "SyncCodeRefused", Level = LogLevel.Warning,
        Message = "A sync code for site {Site} was refused: {Reason}.")]
    public static partial void CodeRefused(ILogger logger, string site, string reason);

    [LoggerMessage(EventId = 6004, EventName = "SyncReturnUrlRefused", Level = LogLevel.Warning,
        Message = "A sync bounce for site {Site} named a return URL the site does not allow.")]
    public static partial void ReturnUrlRefused(ILogger logger, string site);

    [LoggerMessage(EventId = 6005, EventName = "HostedReferenceRefused", Level = LogLevel.Warning,
        Message = "A hosted page for site {Site} was given a forged or expired visitor reference; nothing was recorded.")]
    public static partial void ReferenceRefused(ILogger logger, string site);
}
