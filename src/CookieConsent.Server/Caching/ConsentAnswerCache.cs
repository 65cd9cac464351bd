using System.Collections.Concurrent;
using CookieConsent.Client.Contracts;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Caching;

/// <summary>
/// The serialised answers of <c>GET .../visitors/{visitor}/consent</c>, per visitor and signal combination, kept per
/// instance while the invalidation channel is trusted (<see cref="CacheCoherence"/>): a check of a known visitor is
/// answered with bytes written once, without Redis, the decision rule or the serialiser.
/// </summary>
internal sealed class ConsentAnswerCache(CacheCoherence coherence, TimeProvider time, IOptions<ReadCacheOptions> options)
    : CoherentCache<ConsentAnswerCache.Key, CachedAnswer>(coherence, time, options.Value.EntryLifetime, options.Value.MaxEntries)
{
    // Sites are few; past this the table starts over rather than growing with them.
    private const int MaxSites = 10_000;

    // One string per site for every entry's key, instead of the copy each request's route value makes.
    private readonly ConcurrentDictionary<string, string> _sites = new(StringComparer.Ordinal);

    /// <summary>The answer kept for this visitor and these signals, when it is still current and was made under the
    /// site definition of <paramref name="revision"/>; otherwise <see langword="null"/>.</summary>
    public byte[]? Find(string site, string visitor, ConsentSignals signals, string revision) =>
        Find(new Key(site, visitor, signals)) is { } answer && answer.IsUsable(revision, Time.GetUtcNow(), Coherence) ? answer.Body : null;

    /// <summary>A stamp to take before the visitor's state is read; <see langword="false"/> while the cache is off.</summary>
    public bool TryBegin(string site, string visitor, out CacheStamp stamp) => Coherence.TryBegin(site, visitor, out stamp);

    /// <summary>Until when an answer made at <paramref name="now"/> may be used at most.</summary>
    public DateTimeOffset LatestUntil(DateTimeOffset now) => Until(now);

    /// <summary>Keeps an answer, unless something changed since its stamp was taken.</summary>
    public void Keep(string site, string visitor, ConsentSignals signals, CachedAnswer answer)
    {
        if (!Coherence.IsCurrent(answer.Stamp))
        {
            return;
        }
        if (!_sites.TryGetValue(site, out var shared))
        {
            if (_sites.Count >= MaxSites)
            {
                _sites.Clear();
            }
            shared = _sites.GetOrAdd(site, site);
        }
        Keep(new Key(shared, visitor, signals), answer);
    }

    /// <summary>A visitor of a site, and the signals of the request.</summary>
    internal readonly record struct Key(string Site, string Visitor, ConsentSignals Signals);
}
