using CookieConsent.Core.Caching;

namespace CookieConsent.Server.Caching;

/// <summary>
/// A bounded per-instance cache (<see cref="BoundedCache{TKey, TValue}"/>) that empties whenever
/// <see cref="CacheCoherence"/> drops trust in the invalidation channel: the one base of the consent-answer and
/// verified-cookie caches. Callers still check each entry's stamp with <see cref="CacheCoherence.IsCurrent"/> and its
/// lifetime (<see cref="Until"/>).
/// </summary>
internal abstract class CoherentCache<TKey, TValue> : IDisposable
    where TKey : notnull
    where TValue : class
{
    private readonly BoundedCache<TKey, TValue> _cache;
    private readonly TimeSpan _lifetime;

    protected CoherentCache(CacheCoherence coherence, TimeProvider time, TimeSpan lifetime, int maxEntries, IEqualityComparer<TKey>? comparer = null)
    {
        Coherence = coherence;
        Time = time;
        _lifetime = lifetime;
        _cache = new BoundedCache<TKey, TValue>(maxEntries, comparer);
        coherence.Dropped += _cache.Clear;
    }

    protected CacheCoherence Coherence { get; }

    /// <summary>The clock the answers are decided by (and so the one their validity is checked against).</summary>
    protected TimeProvider Time { get; }

    /// <summary>How many entries are kept now.</summary>
    public int Count => _cache.Count;

    /// <summary>The latest instant an entry made at <paramref name="now"/> may be used: <see cref="ReadCacheOptions.EntryLifetime"/> on.</summary>
    protected DateTimeOffset Until(DateTimeOffset now) => now + _lifetime;

    /// <summary>The value kept under <paramref name="key"/>, or <see langword="null"/>.</summary>
    protected TValue? Find(TKey key) => _cache.Find(key);

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/>, replacing what was there.</summary>
    protected void Keep(TKey key, TValue value) => _cache.Set(key, value);

    public void Dispose() => Coherence.Dropped -= _cache.Clear;
}
