namespace CookieConsent.Core.Redis;

/// <summary>How long the stores keep what they read and write. The time bound of each call is the multiplexer's own
/// (<see cref="RedisConnection"/>).</summary>
public sealed class RedisStoreOptions
{
    /// <summary>How long receipts are kept after the consent they prove has expired.</summary>
    /// <value>Defaults to 3 years.</value>
    public TimeSpan ReceiptRetention { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>How long a site definition read from Redis is reused before it is read again.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan SiteCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
