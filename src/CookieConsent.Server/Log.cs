namespace CookieConsent.Server;

/// <summary>Log events; names and ids are contract for operators' alerts.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "LocalRedisStarted", Level = LogLevel.Information,
        Message = "Started local redis-server on 127.0.0.1:{Port}, data in {DataDir}")]
    public static partial void LocalRedisStarted(ILogger logger, int port, string dataDir);

    [LoggerMessage(EventId = 1002, EventName = "LocalRedisExited", Level = LogLevel.Warning,
        Message = "Local redis-server exited with code {ExitCode}; restarting it")]
    public static partial void LocalRedisExited(ILogger logger, int exitCode);

    [LoggerMessage(EventId = 1003, EventName = "AppendOnlyOff", Level = LogLevel.Warning,
        Message = "Redis has appendonly=no: acknowledged consents can be lost on a crash. Turn on AOF (appendonly yes).")]
    public static partial void AppendOnlyOff(ILogger logger);

    [LoggerMessage(EventId = 1004, EventName = "AppendOnlyUnknown", Level = LogLevel.Information,
        Message = "Could not check whether Redis has AOF on: {Reason}")]
    public static partial void AppendOnlyUnknown(ILogger logger, string reason);

    [LoggerMessage(EventId = 1090, EventName = "AppendOnlyOn", Level = LogLevel.Information,
        Message = "Redis has AOF on ({Nodes} node(s) checked).")]
    public static partial void AppendOnlyOn(ILogger logger, int nodes);

    [LoggerMessage(EventId = 1005, EventName = "KeyRingUnencrypted", Level = LogLevel.Warning,
        Message = "The DataProtection key ring is stored unencrypted in Redis: whoever can read that Redis can mint consent "
            + "cookies. Set CookieConsent:KeyRing:Certificate:Path (and :Password) to a PKCS#12 certificate, the same on every instance.")]
    public static partial void KeyRingUnencrypted(ILogger logger);

    [LoggerMessage(EventId = 2001, EventName = "StoreUnavailable", Level = LogLevel.Warning,
        Message = "Redis unavailable during {Operation}; answering fail-closed: {Reason}")]
    public static partial void StoreUnavailable(ILogger logger, string operation, string reason);

    [LoggerMessage(EventId = 2002, EventName = "GlobalPrivacyControlRecorded", Level = LogLevel.Information,
        Message = "Recorded a Global Privacy Control signal as an opt-out on site {Site}")]
    public static partial void GlobalPrivacyControlRecorded(ILogger logger, string site);

    [LoggerMessage(EventId = 3001, EventName = "KeyRejected", Level = LogLevel.Information,
        Message = "Rejected an API key for site {Site}: {Reason}")]
    public static partial void KeyRejected(ILogger logger, string site, string reason);

    [LoggerMessage(EventId = 4001, EventName = "AuditNotWritten", Level = LogLevel.Error,
        Message = "A change to site {Site} ({Action}) was made but its audit entry could not be written: {Reason}")]
    public static partial void AuditNotWritten(ILogger logger, string site, string action, string reason);

    [LoggerMessage(EventId = 4002, EventName = "ConsoleSignIn", Level = LogLevel.Information,
        Message = "Console session {SessionId} signed in")]
    public static partial void ConsoleSignIn(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 4003, EventName = "ConsoleSignInRefused", Level = LogLevel.Information,
        Message = "Console sign-in refused: wrong admin key")]
    public static partial void ConsoleSignInRefused(ILogger logger);

    [LoggerMessage(EventId = 5001, EventName = "WordingStored", Level = LogLevel.Information,
        Message = "The built-in wording {Version} is stored")]
    public static partial void WordingStored(ILogger logger, string version);

    [LoggerMessage(EventId = 5002, EventName = "WordingNotStored", Level = LogLevel.Warning,
        Message = "The built-in wording {Version} could not be stored yet (Redis unavailable); retrying")]
    public static partial void WordingNotStored(ILogger logger, string version);
}
