using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace CookieConsent.Core.Caching;

/// <summary>What changed: one visitor of a site, or (<see cref="Visitor"/> null) the whole site — its definition, its
/// keys, or anything every visitor's answer depends on.</summary>
/// <param name="Site">Site id.</param>
/// <param name="Visitor">Visitor id, or <see langword="null"/> for a site-wide change.</param>
public readonly record struct CacheChange(string Site, string? Visitor);

/// <summary>
/// The one invalidation channel of every instance's read caches. A store calls <see cref="VisitorChangedAsync"/> or
/// <see cref="SiteChangedAsync"/> after a write is acknowledged: listeners of this process (per multiplexer) hear it at
/// once, other instances through Redis pub/sub on <see cref="Channel"/>.
/// </summary>
/// <remarks>
/// Listeners are kept per <see cref="IConnectionMultiplexer"/>, not per process, so two hosts in one process on
/// different Redis servers never invalidate each other's caches. A publish that fails is not retried: a cache that
/// missed it is bounded by its entry lifetime, and a lost subscription drops the caches of the instance that lost it.
/// </remarks>
public static class CacheInvalidation
{
    /// <summary>The pub/sub channel. Messages: <c>site</c>, <c>site/visitor</c>, or a cache's own ping (leading <c>!</c>).</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("cc:invalidate");

    private static readonly ConditionalWeakTable<IConnectionMultiplexer, Listeners> s_listeners = new();

    /// <summary>Adds a listener for changes made through, or heard on, <paramref name="redis"/>.</summary>
    public static void Listen(IConnectionMultiplexer redis, Action<CacheChange> listener)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(listener);
        var listeners = s_listeners.GetValue(redis, _ => new Listeners());
        lock (listeners)
        {
            listeners.All = [.. listeners.All, listener];
        }
    }

    /// <summary>Tells this process's listeners of <paramref name="redis"/> about a change (heard on the channel, or made here).</summary>
    public static void Deliver(IConnectionMultiplexer redis, CacheChange change)
    {
        if (s_listeners.TryGetValue(redis, out var listeners))
        {
            foreach (var listener in listeners.All)
            {
                listener(change);
            }
        }
    }

    /// <summary>The visitor's consent changed (a choice, a signal, an erasure): drop what every instance cached of it.</summary>
    public static Task VisitorChangedAsync(IConnectionMultiplexer redis, string site, string visitor) =>
        PublishAsync(redis, new CacheChange(site, visitor));

    /// <summary>Something site-wide changed (definition, policy, a key revoked): drop what every instance cached of the site.</summary>
    public static Task SiteChangedAsync(IConnectionMultiplexer redis, string site) => PublishAsync(redis, new CacheChange(site, null));

    /// <summary>The message for <paramref name="change"/>.</summary>
    public static string Format(CacheChange change) => change.Visitor is null ? change.Site : change.Site + "/" + change.Visitor;

    /// <summary>Reads a message of <see cref="Format"/>; <see langword="false"/> for anything else (a ping included).</summary>
    public static bool TryParse(string? message, out CacheChange change)
    {
        change = default;
        if (string.IsNullOrEmpty(message) || message[0] == '!')
        {
            return false;
        }
        var slash = message.IndexOf('/', StringComparison.Ordinal);
        change = slash < 0 ? new CacheChange(message, null) : new CacheChange(message[..slash], message[(slash + 1)..]);
        return change.Site.Length > 0 && change.Visitor is not { Length: 0 };
    }

    private static async Task PublishAsync(IConnectionMultiplexer redis, CacheChange change)
    {
        // This instance first, so its next read already misses; the others as soon as Redis forwards the message.
        Deliver(redis, change);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, Format(change)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The write stands; see the remarks for what bounds a cache that did not hear of it.
        }
    }

    private sealed class Listeners
    {
        // Copied on write: delivery runs on every write and every message, listening only at start.
        public Action<CacheChange>[] All = [];
    }
}
