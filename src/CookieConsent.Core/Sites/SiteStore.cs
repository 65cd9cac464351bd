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
        Caching.CacheInvalidation.Listen(redis, change => { if (change.Visitor is null) { _cache.TryRemove(change.Site, out _); } });
    }

    /// <summary>The site's definition, or <see langword="null"/> when there is no such site.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed and nothing was cached.</exception>
    /// <remarks>A cached definition is answered without a state machine or task: every API request asks this first.</remarks>
    public ValueTask<SiteDefinition?> GetAsync(string site, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return _cache.TryGetValue(site, out var cached) && now - cached.ReadAt < _options.SiteCacheDuration
            ? ValueTask.FromResult<SiteDefinition?>(cached.Definition)
            : ReadAsync(site, cached.Definition, now, cancellationToken);
    }

    private async ValueTask<SiteDefinition?> ReadAsync(string site, SiteDefinition? stale, DateTimeOffset now, CancellationToken cancellationToken)
    {
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
        catch (StoreUnavailableException) when (stale is not null)
        {
            // A stale definition still lets the caller answer "denied" per category instead of failing outright.
            return stale;
        }
    }

    /// <summary>Creates or replaces a site; returns whether it existed before.</summary>
    public async Task<bool> PutAsync(string site, SiteDefinition definition, CancellationToken cancellationToken) =>
        await ReplaceAsync(site, definition, cancellationToken) is not null;

    // The definition and its revision in one script (one slot, atomic): a definition is never current without the
    // revision that names it. A revision already stored keeps its first acceptance time.
    private const string ReplaceScript = """
        local previous = redis.call('GET', KEYS[1])
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], ARGV[2], 'NX')
        redis.call('ZADD', KEYS[3], 'NX', ARGV[3], ARGV[4])
        return previous
        """;

    /// <summary>
    /// Creates or replaces a site and records its definition as a notice revision; returns the definition it replaced,
    /// or <see langword="null"/> for a new site.
    /// </summary>
    public async Task<SiteDefinition?> ReplaceAsync(string site, SiteDefinition definition, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(definition, ConsentJsonContext.Default.SiteDefinition);
        var canonical = SiteRevisions.Canonical(definition);
        var hash = SiteRevisions.HashOf(canonical);
        var result = await RedisCall.Run(_redis.GetDatabase().ScriptEvaluateAsync(ReplaceScript,
            [Keys.Site(site), Keys.SiteRevision(site, hash), Keys.SiteRevisions(site)],
            [json, canonical, _time.GetUtcNow().ToUnixTimeMilliseconds(), hash]), cancellationToken);
        await Caching.CacheInvalidation.SiteChangedAsync(_redis, site);
        _cache[site] = (definition, _time.GetUtcNow());
        // The index is its own key (another cluster slot), so it is written after the site, never with it; every put
        // adds again, so a failed add heals with the next save.
        await RedisCall.Run(_redis.GetDatabase().SetAddAsync(Keys.SiteIndex(), site), cancellationToken);
        return result.IsNull ? null : JsonSerializer.Deserialize((string)result!, ConsentJsonContext.Default.SiteDefinition);
    }

    /// <summary>The site's notice revisions, oldest first (empty for an unknown site).</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<IReadOnlyList<SiteRevisionSummary>> ListRevisionsAsync(string site, CancellationToken cancellationToken)
    {
        var entries = await RedisCall.Run(
            _redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(Keys.SiteRevisions(site)), cancellationToken);
        var revisions = new List<SiteRevisionSummary>(entries.Length);
        foreach (var entry in entries)
        {
            var revision = await GetRevisionAsync(site, (string)entry.Element!, cancellationToken);
            if (revision is not null)
            {
                revisions.Add(new(revision.Hash, revision.CreatedAt, revision.PolicyVersion));
            }
        }
        return revisions;
    }

    /// <summary>One notice revision, or <see langword="null"/> when the site has no revision of that hash.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<SiteRevision?> GetRevisionAsync(string site, string hash, CancellationToken cancellationToken)
    {
        if (!SiteRevisions.IsWellFormed(hash))
        {
            return null;
        }
        var database = _redis.GetDatabase();
        var json = RedisCall.Run(database.StringGetAsync(Keys.SiteRevision(site, hash)), cancellationToken);
        var createdAt = RedisCall.Run(database.SortedSetScoreAsync(Keys.SiteRevisions(site), hash), cancellationToken);
        await Task.WhenAll(json, createdAt);
        if (json.Result.IsNull)
        {
            return null;
        }
        var definition = JsonSerializer.Deserialize((string)json.Result!, ConsentJsonContext.Default.SiteDefinition)!;
        var at = createdAt.Result is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : DateTimeOffset.UnixEpoch;
        return new SiteRevision(hash, at, SiteRevisions.PolicyVersionOf(definition), definition);
    }

    /// <summary>
    /// The revision hash of <paramref name="definition"/>, recording the revision first when it is not stored yet (a
    /// site saved before revisions existed gets one on its first receipt, so every new receipt names one).
    /// </summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<string> EnsureRevisionAsync(string site, SiteDefinition definition, CancellationToken cancellationToken)
    {
        var hash = RevisionOf(definition);
        if (_ensured.ContainsKey((site, hash)))
        {
            return hash;
        }
        var canonical = SiteRevisions.Canonical(definition);
        await RedisCall.Run(_redis.GetDatabase().ScriptEvaluateAsync(EnsureRevisionScript,
            [Keys.SiteRevision(site, hash), Keys.SiteRevisions(site)],
            [canonical, _time.GetUtcNow().ToUnixTimeMilliseconds(), hash]), cancellationToken);
        _ensured[(site, hash)] = true;
        return hash;
    }

    /// <summary>The revision hash of <paramref name="definition"/>, computed once per definition object.</summary>
    public string RevisionOf(SiteDefinition definition) => _revisionHashes.GetValue(definition, d => SiteRevisions.Hash(d));

    /// <summary>Whether the site has a revision of that hash.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<bool> HasRevisionAsync(string site, string hash, CancellationToken cancellationToken)
    {
        if (!SiteRevisions.IsWellFormed(hash))
        {
            return false;
        }
        if (_ensured.ContainsKey((site, hash)))
        {
            return true;
        }
        // Revisions are immutable and kept: once seen, a hash is known for good, so each consent post does not ask again.
        var exists = await RedisCall.Run(_redis.GetDatabase().KeyExistsAsync(Keys.SiteRevision(site, hash)), cancellationToken);
        if (exists)
        {
            _ensured[(site, hash)] = true;
        }
        return exists;
    }

    private const string EnsureRevisionScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'NX')
        redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])
        return 1
        """;

    // Hashing a definition means canonicalising it: once per definition object (the cache hands out the same one).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SiteDefinition, string> _revisionHashes = new();
    private readonly ConcurrentDictionary<(string Site, string Hash), bool> _ensured = new();

    /// <summary>The ids of every site, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await RedisCall.Run(_redis.GetDatabase().SetMembersAsync(Keys.SiteIndex()), cancellationToken);
        return ids.Select(id => (string)id!).Order(StringComparer.Ordinal).ToList();
    }
}
