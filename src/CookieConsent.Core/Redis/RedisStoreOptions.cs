namespace CookieConsent.Core.Redis;

/// <summary>How the stores talk to Redis.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>Upper bound of every Redis call; StackExchange.Redis 1.2.6 never times out an async call itself.</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long receipts are kept after the consent they prove has expired.</summary>
    /// <value>Defaults to 3 years.</value>
    public TimeSpan ReceiptRetention { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>How long a site definition read from Redis is reused before it is read again.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan SiteCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
