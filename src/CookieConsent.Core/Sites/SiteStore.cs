using System.Collections.Concurrent;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Core.Sites;

/// <summary>Site definitions in Redis, with a short in-process cache (every consent check needs one).</summary>
public sealed class SiteStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (SiteDefinition? Definition, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the store.</summary>
    public SiteStore(IConnectionMultiplexer redis, IOptions<RedisStoreOptions> options, TimeProvider time)
    {
        _redis = redis;
        _options = options.Value;
        _time = time;
    }

    /// <summary>The site's definition, or <see langword="null"/> when there is no such site.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed and nothing was cached.</exception>
    public async Task<SiteDefinition?> GetAsync(string site, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(site, out var cached) && now - cached.ReadAt < _options.SiteCacheDuration)
        {
            return cached.Definition;
        }
        try
        {
            var json = await RedisCall.Run(_redis.GetDatabase().StringGetAsync(Keys.Site(site)), cancellationToken);
            var definition = json.IsNull ? null : JsonSerializer.Deserialize((string)json!, ConsentJsonContext.Default.SiteDefinition);
            // Unknown sites are not cached: a bounded cache should not grow with whatever ids strangers send.
            if (definition is not null)
            {
                _cache[site] = (definition, now);
            }
            return definition;
        }
        catch (StoreUnavailableException) when (cached.Definition is not null)
        {
            // A stale definition still lets the caller answer "denied" per category instead of failing outright.
            return cached.Definition;
        }
    }

    /// <summary>Creates or replaces a site; returns whether it existed before.</summary>
    public async Task<bool> PutAsync(string site, SiteDefinition definition, CancellationToken cancellationToken) =>
        await ReplaceAsync(site, definition, cancellationToken) is not null;

    /// <summary>Creates or replaces a site; returns the definition it replaced, or <see langword="null"/> for a new site.</summary>
    public async Task<SiteDefinition?> ReplaceAsync(string site, SiteDefinition definition, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(definition, ConsentJsonContext.Default.SiteDefinition);
        var previous = await RedisCall.Run(
            _redis.GetDatabase().StringGetSetAsync(Keys.Site(site), json), cancellationToken);
        _cache[site] = (definition, _time.GetUtcNow());
        // The index is its own key (another cluster slot), so it is written after the site, never with it; every put
        // adds again, so a failed add heals with the next save.
        await RedisCall.Run(_redis.GetDatabase().SetAddAsync(Keys.SiteIndex(), site), cancellationToken);
        return previous.IsNull ? null : JsonSerializer.Deserialize((string)previous!, ConsentJsonContext.Default.SiteDefinition);
    }

    /// <summary>The ids of every site, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await RedisCall.Run(_redis.GetDatabase().SetMembersAsync(Keys.SiteIndex()), cancellationToken);
        return ids.Select(id => (string)id!).Order(StringComparer.Ordinal).ToList();
    }
}
