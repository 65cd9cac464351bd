using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// Verified answers by cookie value, for a short time and bounded in number. The key is the value itself under
/// <see cref="CookieValueComparer"/>: a seeded non-cryptographic hash picks the slot and a full compare confirms it, so a collision can never
/// hand one visitor's answer to another. Lookups take the value straight out of the request's <c>Cookie</c> header,
/// without copying it. Freshness is checked on every read against the caller's clock; when full, expired entries go
/// first, then arbitrary ones.
/// </summary>
internal sealed class VerificationCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(CookieValueComparer.Instance);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int _capacity;
    private readonly Lock _evicting = new();

    public VerificationCache(int capacity)
    {
        _capacity = capacity;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many answers are kept (approximate while others add).</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// The answer cached for <paramref name="cookieValue"/>, while fresh at <paramref name="now"/> and cached for the
    /// same <paramref name="scope"/> (the site definition it was decided with, or <see langword="null"/>).
    /// </summary>
    public bool TryGet(ReadOnlySpan<char> cookieValue, DateTimeOffset now, object? scope, [NotNullWhen(true)] out VerifiedConsent? consent)
    {
        if (_bySpan.TryGetValue(cookieValue, out var entry) && entry.Until > now && ReferenceEquals(entry.Scope, scope))
        {
            consent = entry.Consent;
            return true;
        }
        consent = null;
        return false;
    }

    /// <summary>Keeps <paramref name="consent"/> until <paramref name="until"/>; nothing when that is not after <paramref name="now"/>.</summary>
    public void Set(string cookieValue, VerifiedConsent consent, DateTimeOffset until, DateTimeOffset now, object? scope)
    {
        if (until <= now || _capacity <= 0)
        {
            return;
        }
        if (_entries.Count >= _capacity && !_entries.ContainsKey(cookieValue))
        {
            MakeRoom(now);
        }
        _entries[cookieValue] = new Entry(consent, until, scope);
    }

    private void MakeRoom(DateTimeOffset now)
    {
        // One thread sweeps; the others add meanwhile (the bound is approximate by a few entries, never unbounded).
        if (!_evicting.TryEnter())
        {
            return;
        }
        try
        {
            foreach (var pair in _entries)
            {
                if (pair.Value.Until <= now)
                {
                    _entries.TryRemove(pair);
                }
            }
            // Still full of fresh answers: drop a tenth, whichever they are (a dropped answer is only verified again).
            var excess = _entries.Count - (_capacity - Math.Max(1, _capacity / 10));
            foreach (var pair in _entries)
            {
                if (excess-- <= 0)
                {
                    break;
                }
                _entries.TryRemove(pair);
            }
        }
        finally
        {
            _evicting.Exit();
        }
    }

    private sealed record Entry(VerifiedConsent Consent, DateTimeOffset Until, object? Scope);
}
