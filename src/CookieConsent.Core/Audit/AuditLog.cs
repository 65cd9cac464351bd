using System.Text.Json;
using CookieConsent.Core.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Core.Audit;

/// <summary>
/// The per-site audit log in Redis: append-only for its callers (there is no way to edit or remove an entry), newest
/// first, the latest <see cref="MaxEntries"/> kept. It lives in the site's own hash slot.
/// </summary>
public sealed class AuditLog
{
    /// <summary>How many entries a site keeps.</summary>
    public const int MaxEntries = 10_000;

    // Append and trim together, so the list never grows past its bound.
    private const string AppendScript = """
        redis.call('LPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        return 1
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStoreOptions _options;

    /// <summary>Creates the store.</summary>
    public AuditLog(IConnectionMultiplexer redis, IOptions<RedisStoreOptions> options)
    {
        _redis = redis;
        _options = options.Value;
    }

    /// <summary>Records <paramref name="entry"/> for <paramref name="site"/>.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public Task AppendAsync(string site, AuditEntry entry, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(entry, AuditJsonContext.Default.AuditEntry);
        return RedisCall.Run(_redis.GetDatabase().ScriptEvaluateAsync(AppendScript, [Keys.Audit(site)], [json, MaxEntries]), cancellationToken);
    }

    /// <summary>The site's latest entries, newest first.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string site, int count, CancellationToken cancellationToken)
    {
        var values = await RedisCall.Run(_redis.GetDatabase().ListRangeAsync(Keys.Audit(site), 0, count - 1), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize((string)v!, AuditJsonContext.Default.AuditEntry)!).ToList();
    }
}
