using CookieConsent.Client.Contracts;
using CookieConsent.Client.Tokens;
using CookieConsent.Core.Consent;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Caching;

/// <summary>
/// What <c>tokens/verify</c> established for a cookie — its authenticated payload and the visitor's stored state and
/// suppression record, and the serialised answer without signals — keyed by the cookie's value (string hash, then a
/// full compare), so a cookie seen before is answered without unprotecting it, reading Redis or serialising. An entry
/// is current only while its visitor has not changed (<see cref="CacheCoherence"/>), so an erasure or a later refusal
/// is honoured as soon as it is heard.
/// </summary>
internal sealed class TokenVerificationCache(ConsentStore store, CacheCoherence coherence, TimeProvider time, IOptions<ReadCacheOptions> options)
    : CoherentCache<string, TokenVerificationCache.Verified>(
        coherence, time, options.Value.EntryLifetime, options.Value.MaxCookies, StringComparer.Ordinal)
{
    /// <summary>A current entry for this cookie of this site, or <see langword="null"/>.</summary>
    public Verified? Find(string site, string token) =>
        Find(token) is { } entry && entry.Payload.Site == site && Time.GetUtcNow() < entry.Until && Coherence.IsCurrent(entry.Stamp)
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
        var trusted = Coherence.TryBegin(site, payload.Visitor, out var stamp);
        var until = Until(Time.GetUtcNow());
        var (stored, erased) = await store.StateAndSuppressionAsync(site, payload.Visitor, cancellationToken);
        var verified = new Verified(payload, stored, erased, stamp, until);
        if (trusted && Coherence.IsCurrent(stamp))
        {
            Keep(token, verified);
        }
        return verified;
    }

    /// <summary>An authentic cookie's payload and what was stored for its visitor when it was verified.</summary>
    /// <param name="Payload">The cookie's authenticated payload.</param>
    /// <param name="Stored">The visitor's stored state when verified.</param>
    /// <param name="Erased">The visitor's suppression record when verified.</param>
    /// <param name="Stamp">The coherence stamp of that read.</param>
    /// <param name="Until">The end of the entry's lifetime (<see cref="ReadCacheOptions.EntryLifetime"/>).</param>
    internal sealed record Verified(ConsentTokenPayload Payload, ConsentState? Stored, SuppressionRecord? Erased, CacheStamp Stamp, DateTimeOffset Until)
    {
        private Effective? _effective;
        private CachedAnswer? _answer;

        /// <summary>The state these make under <paramref name="definition"/>, when worked out before for that same definition.</summary>
        public ConsentState? EffectiveUnder(SiteDefinition definition) =>
            Volatile.Read(ref _effective) is { } effective && ReferenceEquals(effective.Definition, definition) ? effective.State : null;

        /// <summary>Keeps the state worked out under <paramref name="definition"/> (a new definition object works it out again).</summary>
        public void Remember(SiteDefinition definition, ConsentState state) => Volatile.Write(ref _effective, new Effective(definition, state));

        /// <summary>The answer without signals serialised before, when still valid at <paramref name="now"/> under a
        /// definition of <paramref name="revision"/>.</summary>
        public byte[]? AnswerFor(string revision, DateTimeOffset now, CacheCoherence coherence) =>
            Volatile.Read(ref _answer) is { } answer && answer.IsUsable(revision, now, coherence) ? answer.Body : null;

        /// <summary>Keeps the serialised answer without signals (its stamp must be this entry's).</summary>
        public void RememberAnswer(CachedAnswer answer) => Volatile.Write(ref _answer, answer);

        private sealed record Effective(SiteDefinition Definition, ConsentState State);
    }
}
