namespace CookieConsent.Server.Caching;

/// <summary>Log events of the read caches; names and ids are contract for operators' alerts.</summary>
internal static partial class CacheLog
{
    [LoggerMessage(EventId = 6001, EventName = "ReadCacheTrusted", Level = LogLevel.Information,
        Message = "Read caches in use: this instance hears its own pings on the invalidation channel")]
    public static partial void Trusted(ILogger logger);

    [LoggerMessage(EventId = 6002, EventName = "ReadCacheDropped", Level = LogLevel.Warning,
        Message = "Read caches dropped; every read goes to Redis until the invalidation channel answers again: {Reason}")]
    public static partial void Dropped(ILogger logger, string reason);
}
