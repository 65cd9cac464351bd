using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace CookieConsent.AspNetCore.KeyRing;

/// <summary>
/// Keeps the DataProtection key ring in one Redis list, so every instance that shares the Redis
/// (the consent server's instances, and sites that verify cookies locally) shares the keys.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous; it is called at start and when keys rotate or an unknown
/// key id shows up, never per request.
/// </remarks>
public sealed class RedisXmlRepository : IXmlRepository
{
    /// <summary>The Redis key holding the key ring.</summary>
    public const string DefaultKey = "cc:dataprotection:keys";

    private readonly Func<IDatabase> _database;
    private readonly RedisKey _key;

    /// <summary>Creates the repository over a shared connection.</summary>
    public RedisXmlRepository(IConnectionMultiplexer redis, string key = DefaultKey)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _database = () => redis.GetDatabase();
        _key = key;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() =>
        _database().ListRange(_key).Select(value => XElement.Parse((string)value!)).ToList();

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        _database().ListRightPush(_key, element.ToString(SaveOptions.DisableFormatting));
    }
}
