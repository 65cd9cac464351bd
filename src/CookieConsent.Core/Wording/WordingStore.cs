using System.Collections.Concurrent;
using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Core.Wording;

/// <summary>
/// The built-in wording versions the servers have run with, and each one's strings, so a receipt's wording stays
/// reproducible after the code changes. Versions are content hashes: a stored version never changes.
/// </summary>
public sealed class WordingStore(IConnectionMultiplexer redis)
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="json"/> under <paramref name="version"/> unless it is there already, and lists it.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task StoreAsync(string version, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        // The strings first, then the index (another slot): a listed version always has its strings.
        await RedisCall.Run(database.StringSetAsync(Keys.Wording(version), json, when: When.NotExists), cancellationToken);
        await RedisCall.Run(database.SetAddAsync(Keys.WordingVersions(), version), cancellationToken);
        _known[version] = true;
    }

    /// <summary>Whether a server has run with <paramref name="version"/>.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<bool> IsKnownAsync(string version, CancellationToken cancellationToken)
    {
        if (_known.ContainsKey(version))
        {
            return true;
        }
        var known = await RedisCall.Run(redis.GetDatabase().SetContainsAsync(Keys.WordingVersions(), version), cancellationToken);
        if (known)
        {
            _known[version] = true;
        }
        return known;
    }

    /// <summary>Every version a server has run with, sorted.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var versions = await RedisCall.Run(redis.GetDatabase().SetMembersAsync(Keys.WordingVersions()), cancellationToken);
        return versions.Select(v => (string)v!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The strings stored for <paramref name="version"/> (canonical JSON), or <see langword="null"/>.</summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<byte[]?> GetAsync(string version, CancellationToken cancellationToken)
    {
        var json = await RedisCall.Run(redis.GetDatabase().StringGetAsync(Keys.Wording(version)), cancellationToken);
        return json.IsNull ? null : (byte[])json!;
    }
}
