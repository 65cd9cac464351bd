using System.Collections.Concurrent;

namespace CookieConsent.Core.Caching;

/// <summary>
/// A map of at most <see cref="Capacity"/> entries with CLOCK (second-chance) eviction. A hit only sets the entry's
/// reference bit; an insert past capacity moves a hand over the ring of entries, clearing set bits, and replaces the
/// first entry not used since the hand last passed it (or, after <see cref="MaxSweep"/> steps, the one under the hand).
/// </summary>
/// <remarks>
/// Eviction is a few steps per insert, never a pass over the whole cache, so a miss costs the same with a thousand
/// entries as with a million (<c>MemoryCache</c>'s compaction sorts every entry once it is full). Reads take no lock;
/// inserts of new keys take one short lock for the ring. The ring grows as entries arrive, so an idle instance with a
/// large capacity holds little.
/// </remarks>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    /// <summary>The most entries the hand inspects for one insert: it bounds the work of a miss when every entry is hot.</summary>
    internal const int MaxSweep = 64;

    private const int InitialRing = 1024;

    private readonly ConcurrentDictionary<TKey, Node> _map;
    private readonly Lock _gate = new();
    private Node?[] _ring;
    private int _used;
    private int _hand;

    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _map = new ConcurrentDictionary<TKey, Node>(comparer);
        _ring = new Node?[Math.Min(capacity, InitialRing)];
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>How many entries are kept now.</summary>
    public int Count => _map.Count;

    /// <summary>The value kept under <paramref name="key"/>, or <see langword="null"/>.</summary>
    public TValue? Find(TKey key)
    {
        if (!_map.TryGetValue(key, out var node))
        {
            return null;
        }
        // Written only when not set yet: a hot entry's cache line is not dirtied by every read.
        if (!node.Referenced)
        {
            node.Referenced = true;
        }
        return node.Value;
    }

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/>, replacing what was there; past
    /// <see cref="Capacity"/> an entry not used lately makes room.</summary>
    public void Set(TKey key, TValue value)
    {
        if (_map.TryGetValue(key, out var existing))
        {
            existing.Value = value;
            return;
        }
        lock (_gate)
        {
            if (_map.TryGetValue(key, out existing))
            {
                existing.Value = value;
                return;
            }
            var node = new Node(key, value);
            // The slot first: finding it may grow the ring (a new array).
            var slot = Slot();
            _ring[slot] = node;
            _map[key] = node;
        }
    }

    /// <summary>Forgets the entry under <paramref name="key"/>; its slot in the ring is reused when the hand reaches it.</summary>
    public void Remove(TKey key) => _map.TryRemove(key, out _);

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _ring = new Node?[Math.Min(Capacity, InitialRing)];
            _used = 0;
            _hand = 0;
        }
    }

    // Under the lock: a free slot while below capacity, else the slot of the entry the hand evicts.
    private int Slot()
    {
        if (_used < Capacity)
        {
            if (_used == _ring.Length)
            {
                Array.Resize(ref _ring, (int)Math.Min(Capacity, 2L * _ring.Length));
            }
            return _used++;
        }
        for (var step = 0; ; step++)
        {
            var slot = _hand;
            _hand = slot + 1 == _ring.Length ? 0 : slot + 1;
            var node = _ring[slot]!;
            if (node.Referenced && step < MaxSweep)
            {
                node.Referenced = false;
                continue;
            }
            // Only this node: a value set under the key since then stays.
            _map.TryRemove(new KeyValuePair<TKey, Node>(node.Key, node));
            return slot;
        }
    }

    private sealed class Node(TKey key, TValue value)
    {
        public readonly TKey Key = key;
        public volatile TValue Value = value;
        public volatile bool Referenced;
    }
}
