using CookieConsent.Core.Caching;

namespace CookieConsent.Core.Consent;

/// <summary>
/// The record this instance last wrote or was shown for each of a bounded number of visitors, so a rewrite can send
/// its write straight away instead of reading first. It needs no coherence: the write script compares the record's
/// token, so an entry another instance made stale only costs the retry the script's answer already carries.
/// </summary>
internal sealed class RecentRecords(int capacity)
{
    // Bounded like the read caches (second-chance eviction): it only saves round trips, never decides anything.
    private readonly BoundedCache<(string Site, string Visitor), Entry> _entries = new(capacity);

    /// <summary>What was last seen of the visitor; <see langword="null"/> when nothing is known here.</summary>
    public Entry? Get(string site, string visitor) => _entries.Find((site, visitor));

    /// <summary>Remembers what is stored for the visitor now.</summary>
    public void Set(string site, string visitor, Entry entry) => _entries.Set((site, visitor), entry);

    /// <summary>Forgets the visitor (an erasure, or a write whose outcome is not known).</summary>
    public void Remove(string site, string visitor) => _entries.Remove((site, visitor));

    /// <summary>
    /// A stored record's bytes (decoded only when the visitor writes again) and the suppression record beside it
    /// (<see langword="null"/> when there is none).
    /// </summary>
    public sealed record Entry(byte[] Value, string? Suppression);
}
