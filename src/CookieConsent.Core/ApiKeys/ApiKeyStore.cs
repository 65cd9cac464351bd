using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CookieConsent.Contracts;
using CookieConsent.Core.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Core.ApiKeys;

/// <summary>What a presented site key turned out to be.</summary>
public enum KeyCheck
{
    /// <summary>A live key of the site asked for.</summary>
    Valid,

    /// <summary>Not a key, unknown, revoked or wrong secret.</summary>
    Invalid,

    /// <summary>A live key, but of another site.</summary>
    OtherSite,
}

/// <summary>
/// Site API keys: <c>cck.{site}.{keyId}.{secret}</c>. Only a SHA-256 of the whole key is stored (the secret has
/// 256 bits of entropy, so a slow hash adds nothing); the key itself is shown once, at creation.
/// </summary>
public sealed class ApiKeyStore
{
    private const string Prefix = "cck";
    private static readonly TimeSpan PositiveCacheDuration = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _time;
    // Valid keys are remembered briefly (by hash) to spare a Redis round trip per request; revocation on this
    // instance evicts at once, other instances within PositiveCacheDuration. While Redis is down, a remembered key
    // stays trusted (see CheckAsync).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recentlyValid = new(StringComparer.Ordinal);

    /// <summary>Creates the store.</summary>
    public ApiKeyStore(IConnectionMultiplexer redis, IOptions<RedisStoreOptions> options, TimeProvider time)
    {
        _redis = redis;
        _options = options.Value;
        _time = time;
    }

    /// <summary>Creates a key for <paramref name="site"/>.</summary>
    public async Task<ApiKeyCreated> CreateAsync(string site, CancellationToken cancellationToken)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = $"{Prefix}.{site}.{keyId}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var createdAt = _time.GetUtcNow();
        await RedisCall.Run(
            _redis.GetDatabase().HashSetAsync(Keys.ApiKeys(site), keyId, Hash(key)), cancellationToken);
        return new ApiKeyCreated(keyId, key, createdAt);
    }

    /// <summary>Revokes a key; returns whether it existed.</summary>
    public async Task<bool> RevokeAsync(string site, string keyId, CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        var hash = await RedisCall.Run(db.HashGetAsync(Keys.ApiKeys(site), keyId), cancellationToken);
        var removed = await RedisCall.Run(db.HashDeleteAsync(Keys.ApiKeys(site), keyId), cancellationToken);
        if (!hash.IsNull)
        {
            _recentlyValid.TryRemove((string)hash!, out _);
        }
        return removed;
    }

    /// <summary>Checks a presented key against <paramref name="site"/>.</summary>
    public async Task<KeyCheck> CheckAsync(string site, string presented, CancellationToken cancellationToken)
    {
        var parts = presented.Split('.');
        if (parts.Length != 4 || parts[0] != Prefix || !ConsentIds.IsValidSite(parts[1]) || parts[2].Length != 12)
        {
            return KeyCheck.Invalid;
        }
        var keySite = parts[1];
        var hash = Hash(presented);
        var now = _time.GetUtcNow();
        var seenValid = _recentlyValid.TryGetValue(hash, out var seen);
        if (!(seenValid && now - seen < PositiveCacheDuration))
        {
            RedisValue stored;
            try
            {
                stored = await RedisCall.Run(
                    _redis.GetDatabase().HashGetAsync(Keys.ApiKeys(keySite), parts[2]), cancellationToken);
            }
            catch (StoreUnavailableException) when (seenValid)
            {
                // Redis is down: a key this instance has seen valid (and not since found revoked) still identifies its
                // site, so a read answers its fail-closed "denied" rather than 503; a write fails at the store anyway.
                return keySite == site ? KeyCheck.Valid : KeyCheck.OtherSite;
            }
            if (stored.IsNull || !CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes((string)stored!), Encoding.ASCII.GetBytes(hash)))
            {
                _recentlyValid.TryRemove(hash, out _);
                return KeyCheck.Invalid;
            }
            _recentlyValid[hash] = now;
        }
        return keySite == site ? KeyCheck.Valid : KeyCheck.OtherSite;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
