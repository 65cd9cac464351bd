using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Caching;

/// <summary>
/// Visitors' consent states as <see cref="ConsentStore.GetAsync"/> reads them, kept per instance while the
/// invalidation channel is trusted (<see cref="CacheCoherence"/>): a check of a known visitor answers without Redis.
/// </summary>
internal sealed class ConsentStateCache : IDisposable
{
    private readonly ConsentStore _store;
    private readonly CacheCoherence _coherence;
    private readonly MemoryCache _cache;
    private readonly TimeSpan _lifetime;

    public ConsentStateCache(ConsentStore store, CacheCoherence coherence, IOptions<ReadCacheOptions> options)
    {
        _store = store;
        _coherence = coherence;
        _lifetime = options.Value.EntryLifetime;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxEntries });
        coherence.Dropped += Clear;
    }

    /// <summary>The visitor's state (or what an erasure kept), from the cache when current.</summary>
    /// <exception cref="Core.Redis.StoreUnavailableException">Not cached, and Redis failed.</exception>
    public async Task<ConsentState?> GetAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var key = new Key(site, visitor);
        if (_cache.TryGetValue(key, out var found) && found is Entry entry && _coherence.IsCurrent(entry.Stamp))
        {
            return entry.State;
        }
        if (!_coherence.TryBegin(site, visitor, out var stamp))
        {
            return await _store.GetAsync(site, visitor, cancellationToken);
        }
        var state = await _store.GetAsync(site, visitor, cancellationToken);
        if (_coherence.IsCurrent(stamp))
        {
            using var created = _cache.CreateEntry(key);
            created.Size = 1;
            created.AbsoluteExpirationRelativeToNow = _lifetime;
            created.Value = new Entry(state, stamp);
        }
        return state;
    }

    public void Dispose()
    {
        _coherence.Dropped -= Clear;
        _cache.Dispose();
    }

    private void Clear() => _cache.Clear();

    private readonly record struct Key(string Site, string Visitor);

    private sealed record Entry(ConsentState? State, CacheStamp Stamp);
}
