using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Caching;

/// <summary>
/// Visitors' consent states as <see cref="ConsentStore.GetAsync"/> reads them, kept per instance while the
/// invalidation channel is trusted (<see cref="CacheCoherence"/>): a check of a known visitor answers without Redis.
/// </summary>
internal sealed class ConsentStateCache(ConsentStore store, CacheCoherence coherence, IOptions<ReadCacheOptions> options)
    : CoherentMemoryCache(coherence, options.Value)
{

    /// <summary>The visitor's state (or what an erasure kept), from the cache when current.</summary>
    /// <exception cref="Core.Redis.StoreUnavailableException">Not cached, and Redis failed.</exception>
    public async Task<ConsentState?> GetAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var key = new Key(site, visitor);
        if (Find<Entry>(key) is { } entry && Coherence.IsCurrent(entry.Stamp))
        {
            return entry.State;
        }
        if (!Coherence.TryBegin(site, visitor, out var stamp))
        {
            return await store.GetAsync(site, visitor, cancellationToken);
        }
        var state = await store.GetAsync(site, visitor, cancellationToken);
        if (Coherence.IsCurrent(stamp))
        {
            Keep(key, new Entry(state, stamp));
        }
        return state;
    }

    private readonly record struct Key(string Site, string Visitor);

    private sealed record Entry(ConsentState? State, CacheStamp Stamp);
}
