using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CookieConsent.Core.ApiKeys;

namespace CookieConsent.Server.Caching;

/// <summary>
/// Site keys this instance verified (<see cref="ApiKeyStore.CheckAsync"/>), by key id: a request with a known key is
/// authenticated by a constant-time compare of the whole key, without hashing it or reading Redis. Revoking a key is a
/// site-wide change (<see cref="Core.Caching.CacheInvalidation.SiteChangedAsync"/>), so every entry is stale from then.
/// </summary>
internal sealed class SiteKeyCache
{
    // Keys are few (a handful per site); past this the cache starts over rather than tracking use.
    private const int MaxKeys = 4096;

    private readonly CacheCoherence _coherence;
    private readonly ConcurrentDictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _byIdSpan;

    public SiteKeyCache(CacheCoherence coherence)
    {
        _coherence = coherence;
        _byIdSpan = _byId.GetAlternateLookup<ReadOnlySpan<char>>();
        coherence.Dropped += _byId.Clear;
    }

    /// <summary>The entry of a live key equal to <paramref name="presented"/>, or <see langword="null"/>.</summary>
    public Entry? Find(ReadOnlySpan<char> presented)
    {
        if (!TryKeyId(presented, out var site, out var id) || !_byIdSpan.TryGetValue(id, out var entry)
            || !site.SequenceEqual(entry.Site) || !_coherence.IsCurrent(entry.Stamp))
        {
            return null;
        }
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(entry.Key.AsSpan()), MemoryMarshal.AsBytes(presented)) ? entry : null;
    }

    /// <summary>A stamp to take before the store checks a key; <see langword="false"/> while caches are off.</summary>
    public bool TryBegin(out CacheStamp stamp) => _coherence.TryBeginSiteWide(out stamp);

    /// <summary>Keeps a key the store found live, unless something changed since <paramref name="stamp"/>.</summary>
    public Entry? Add(string presented, CacheStamp stamp)
    {
        if (!TryKeyId(presented, out var site, out var id))
        {
            return null;
        }
        var entry = new Entry(presented, site.ToString(), id.ToString(), stamp);
        if (!_coherence.IsCurrent(stamp))
        {
            return null;
        }
        if (_byId.Count >= MaxKeys)
        {
            _byId.Clear();
        }
        _byId[entry.KeyId] = entry;
        return entry;
    }

    // cck.{site}.{keyId}.{secret}: the parts the store checks; anything else is never cached.
    private static bool TryKeyId(ReadOnlySpan<char> presented, out ReadOnlySpan<char> site, out ReadOnlySpan<char> id)
    {
        site = id = default;
        var span = presented;
        if (!span.StartsWith("cck."))
        {
            return false;
        }
        var rest = span[4..];
        var dot = rest.IndexOf('.');
        if (dot <= 0)
        {
            return false;
        }
        site = rest[..dot];
        rest = rest[(dot + 1)..];
        dot = rest.IndexOf('.');
        if (dot <= 0)
        {
            return false;
        }
        id = rest[..dot];
        return true;
    }

    /// <summary>A verified key.</summary>
    /// <param name="Key">The whole key, to compare with.</param>
    /// <param name="Site">The site it belongs to.</param>
    /// <param name="KeyId">Its public id.</param>
    /// <param name="Stamp">When it was verified.</param>
    internal sealed record Entry(string Key, string Site, string KeyId, CacheStamp Stamp)
    {
        private long _notedAtTicks;

        /// <summary>Whether this instance should note the key's use now (at most once per <see cref="ApiKeyStore.LastUsedResolution"/>).</summary>
        public bool UseNoteDue(DateTimeOffset now) => now.UtcTicks - Volatile.Read(ref _notedAtTicks) >= ApiKeyStore.LastUsedResolution.Ticks;

        /// <summary>Records that the use was noted.</summary>
        public void Noted(DateTimeOffset now) => Volatile.Write(ref _notedAtTicks, now.UtcTicks);
    }
}
