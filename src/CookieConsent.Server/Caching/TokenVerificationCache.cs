using CookieConsent.Client.Contracts;
using CookieConsent.Client.Tokens;
using CookieConsent.Core.Consent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Caching;

/// <summary>
/// What <c>tokens/verify</c> established for a cookie — its authenticated payload and the visitor's stored state and
/// suppression record — keyed by the cookie's value (string hash, then a full compare), so a cookie seen before is
/// answered without unprotecting it or reading Redis. An entry is current only while its visitor has not changed
/// (<see cref="CacheCoherence"/>), so an erasure or a later refusal is honoured as soon as it is heard.
/// </summary>
internal sealed class TokenVerificationCache : IDisposable
{
    private readonly ConsentStore _store;
    private readonly CacheCoherence _coherence;
    private readonly MemoryCache _cache;
    private readonly TimeSpan _lifetime;

    public TokenVerificationCache(ConsentStore store, CacheCoherence coherence, IOptions<ReadCacheOptions> options)
    {
        _store = store;
        _coherence = coherence;
        _lifetime = options.Value.EntryLifetime;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxEntries });
        coherence.Dropped += Clear;
    }

    /// <summary>A current entry for this cookie of this site, or <see langword="null"/>.</summary>
    public Verified? Find(string site, string token) =>
        _cache.TryGetValue(token, out var found) && found is Verified entry && entry.Payload.Site == site && _coherence.IsCurrent(entry.Stamp)
            ? entry
            : null;

    /// <summary>
    /// Reads the stored state and suppression record of an authentic cookie's visitor (<see cref="ConsentStore.StateAndSuppressionAsync"/>)
    /// and keeps them with the payload when nothing changed meanwhile.
    /// </summary>
    /// <returns>The entry (kept or not).</returns>
    /// <exception cref="Core.Redis.StoreUnavailableException">Redis failed.</exception>
    public async Task<Verified> ReadAsync(string site, string token, ConsentTokenPayload payload, CancellationToken cancellationToken)
    {
        var trusted = _coherence.TryBegin(site, payload.Visitor, out var stamp);
        var (stored, erased) = await _store.StateAndSuppressionAsync(site, payload.Visitor, cancellationToken);
        var verified = new Verified(payload, stored, erased, stamp);
        if (trusted && _coherence.IsCurrent(stamp))
        {
            using var created = _cache.CreateEntry(token);
            created.Size = 1;
            created.AbsoluteExpirationRelativeToNow = _lifetime;
            created.Value = verified;
        }
        return verified;
    }

    public void Dispose()
    {
        _coherence.Dropped -= Clear;
        _cache.Dispose();
    }

    private void Clear() => _cache.Clear();

    /// <summary>An authentic cookie's payload and what was stored for its visitor when it was verified.</summary>
    internal sealed record Verified(ConsentTokenPayload Payload, ConsentState? Stored, SuppressionRecord? Erased, CacheStamp Stamp)
    {
        private Effective? _effective;

        /// <summary>The state these make under <paramref name="definition"/>, when worked out before for that same definition.</summary>
        public ConsentState? EffectiveUnder(SiteDefinition definition) =>
            Volatile.Read(ref _effective) is { } effective && ReferenceEquals(effective.Definition, definition) ? effective.State : null;

        /// <summary>Keeps the state worked out under <paramref name="definition"/> (a new definition object works it out again).</summary>
        public void Remember(SiteDefinition definition, ConsentState state) => Volatile.Write(ref _effective, new Effective(definition, state));

        private sealed record Effective(SiteDefinition Definition, ConsentState State);
    }
}
