using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CookieConsent.Client.Contracts;
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

/// <summary>A site API key as the console lists it: never the key itself.</summary>
/// <param name="KeyId">The key's public id (the third part of the key).</param>
/// <param name="CreatedAt">When it was created, when known (keys from before this was recorded have none).</param>
/// <param name="LastUsedAt">When it was last accepted, at most <see cref="ApiKeyStore.LastUsedResolution"/> behind.</param>
public sealed record ApiKeyInfo(string KeyId, DateTimeOffset? CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>
/// Site API keys: <c>cck.{site}.{keyId}.{secret}</c>. Only a SHA-256 of the whole key is stored (the secret has
/// 256 bits of entropy, so a slow hash adds nothing); the key itself is shown once, at creation.
/// </summary>
public sealed class ApiKeyStore
{
    private const string Prefix = "cck";
    private static readonly TimeSpan PositiveCacheDuration = TimeSpan.FromSeconds(5);

    /// <summary>How far behind the recorded last use of a key may be: each instance writes it at most this often per key.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _time;
    // Valid keys are remembered briefly (by hash) to spare a Redis round trip per request; revocation on this
    // instance evicts at once, other instances within PositiveCacheDuration. While Redis is down, a remembered key
    // stays trusted (see CheckAsync).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recentlyValid = new(StringComparer.Ordinal);
    // When this instance last wrote each key's last use (by "site/keyId"), so a busy key costs one write a minute.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUseWritten = new(StringComparer.Ordinal);

    /// <summary>Creates the store.</summary>
    public ApiKeyStore(IConnectionMultiplexer redis, IOptions<RedisStoreOptions> options, TimeProvider time)
    {
        _redis = redis;
        _options = options.Value;
        _time = time;
        Caching.CacheInvalidation.Listen(redis, change => { if (change.Visitor is null) { _recentlyValid.Clear(); } });
    }

    /// <summary>Creates a key for <paramref name="site"/>.</summary>
    public async Task<ApiKeyCreated> CreateAsync(string site, CancellationToken cancellationToken)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = $"{Prefix}.{site}.{keyId}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var createdAt = _time.GetUtcNow();
        var db = _redis.GetDatabase();
        await RedisCall.Run(db.HashSetAsync(Keys.ApiKeys(site), keyId, Hash(key)), cancellationToken);
        try
        {
            await RedisCall.Run(db.HashSetAsync(Keys.ApiKeysCreated(site), keyId, createdAt.ToUnixTimeMilliseconds()), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // The key works; only the console's "created" column will be empty for it.
        }
        return new ApiKeyCreated(keyId, key, createdAt);
    }

    /// <summary>The site's live keys with their creation and last-use times, oldest first.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string site, CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        var ids = db.HashKeysAsync(Keys.ApiKeys(site));
        var created = db.HashGetAllAsync(Keys.ApiKeysCreated(site));
        var used = db.HashGetAllAsync(Keys.ApiKeysUsed(site));
        await RedisCall.Run(Task.WhenAll(ids, created, used), cancellationToken);
        var createdAt = Times(created.Result);
        var usedAt = Times(used.Result);
        return ids.Result.Select(id => (string)id!)
            .Select(id => new ApiKeyInfo(id, createdAt.GetValueOrDefault(id), usedAt.GetValueOrDefault(id)))
            .OrderBy(k => k.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(k => k.KeyId, StringComparer.Ordinal)
            .ToList();

        static Dictionary<string, DateTimeOffset?> Times(HashEntry[] entries) => entries.ToDictionary(
            e => (string)e.Name!, e => (DateTimeOffset?)DateTimeOffset.FromUnixTimeMilliseconds((long)e.Value));
    }

    /// <summary>Revokes a key; returns whether it existed.</summary>
    public async Task<bool> RevokeAsync(string site, string keyId, CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        var hash = await RedisCall.Run(db.HashGetAsync(Keys.ApiKeys(site), keyId), cancellationToken);
        var removed = await RedisCall.Run(db.HashDeleteAsync(Keys.ApiKeys(site), keyId), cancellationToken);
        try
        {
            await RedisCall.Run(Task.WhenAll(
                db.HashDeleteAsync(Keys.ApiKeysCreated(site), keyId), db.HashDeleteAsync(Keys.ApiKeysUsed(site), keyId)), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // The key is revoked; leftover times of a key that no longer exists are never listed.
        }
        if (!hash.IsNull)
        {
            _recentlyValid.TryRemove((string)hash!, out _);
        }
        await Caching.CacheInvalidation.SiteChangedAsync(_redis, site);
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

    /// <summary>
    /// Records that a valid key of <paramref name="site"/> was used, at most once every <see cref="LastUsedResolution"/>
    /// per key and instance (so a busy key costs one write a minute). Call it only for requests that succeeded: a refused
    /// request changes nothing stored. Never throws: a missed last-use time is not worth failing a request over.
    /// </summary>
    public async Task NoteUseAsync(string site, string presented, CancellationToken cancellationToken)
    {
        var parts = presented.Split('.');
        if (parts.Length != 4 || parts[1] != site)
        {
            return;
        }
        var keyId = parts[2];
        var now = _time.GetUtcNow();
        var id = site + "/" + keyId;
        if (_lastUseWritten.TryGetValue(id, out var written) && now - written < LastUsedResolution)
        {
            return;
        }
        _lastUseWritten[id] = now;
        try
        {
            await RedisCall.Run(_redis.GetDatabase().HashSetAsync(Keys.ApiKeysUsed(site), keyId, now.ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            // Not retried before the next LastUsedResolution: during an outage a key costs at most one bounded wait a minute.
        }
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
