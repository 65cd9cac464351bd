using Microsoft.Extensions.Caching.Memory;

namespace CookieConsent.Server.Caching;

/// <summary>
/// A bounded per-instance cache (<see cref="ReadCacheOptions.MaxEntries"/> entries, each kept at most
/// <see cref="ReadCacheOptions.EntryLifetime"/>) that empties whenever <see cref="CacheCoherence"/> drops trust in the
/// invalidation channel. Callers still check each entry's stamp with <see cref="CacheCoherence.IsCurrent"/>.
/// </summary>
internal abstract class CoherentMemoryCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly TimeSpan _lifetime;

    protected CoherentMemoryCache(CacheCoherence coherence, ReadCacheOptions options)
    {
        Coherence = coherence;
        _lifetime = options.EntryLifetime;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.MaxEntries });
        coherence.Dropped += Clear;
    }

    protected CacheCoherence Coherence { get; }

    /// <summary>The value kept under <paramref name="key"/>, or <see langword="null"/>.</summary>
    protected T? Find<T>(object key) where T : class => _cache.TryGetValue(key, out var found) ? found as T : null;

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/>, replacing what was there.</summary>
    protected void Keep(object key, object value)
    {
        using var created = _cache.CreateEntry(key);
        created.Size = 1;
        created.AbsoluteExpirationRelativeToNow = _lifetime;
        created.Value = value;
    }

    public void Dispose()
    {
        Coherence.Dropped -= Clear;
        _cache.Dispose();
    }

    private void Clear() => _cache.Clear();
}
