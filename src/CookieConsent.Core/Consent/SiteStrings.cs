using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Core.Consent;

/// <summary>
/// The strings a site's visitor records have in common (category ids, notice revision and wording hashes, locales,
/// browser families), stored once per site (<see cref="Keys.SiteStrings"/>) and named by the records' string tables
/// instead of repeated in each. Entries never change or move, so every instance keeps what it has read for good.
/// </summary>
/// <remarks>
/// The list's first entry is a random epoch that each record naming the list carries: a list that was lost and started
/// again is never read for the one a record names (such a record reads as unavailable, never as another string).
/// </remarks>
internal sealed class SiteStrings(IConnectionMultiplexer redis)
{
    // Only a bounded set of short strings belongs here; anything else stays in the record's own table.
    private const int MaxEntries = 4096;
    private const int MaxLength = 64;

    // Creates the list with its epoch when it does not exist, appends, and answers the whole list.
    private const string AppendScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('RPUSH', KEYS[1], ARGV[1]) end
        for i = 2, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
        return redis.call('LRANGE', KEYS[1], 0, -1)
        """;

    private readonly ConcurrentDictionary<string, SiteStringTable> _tables = new(StringComparer.Ordinal);

    /// <summary>The site's table as this instance knows it; <see langword="null"/> before it has read one.</summary>
    public SiteStringTable? Cached(string site) => _tables.GetValueOrDefault(site);

    /// <summary>The site's table holding each of <paramref name="strings"/> that may be kept there: at once when they all
    /// are already, otherwise after one round trip that appends the others.</summary>
    public ValueTask<SiteStringTable?> WithAsync(string site, IEnumerable<string?> strings, CancellationToken cancellationToken)
    {
        var table = Cached(site);
        List<string>? missing = null;
        foreach (var s in strings)
        {
            if (s is { Length: > 0 and <= MaxLength } && table?.IndexOf(s) is null && missing?.Contains(s, StringComparer.Ordinal) != true)
            {
                (missing ??= []).Add(s);
            }
        }
        if (missing is null || (table?.Count ?? 0) + missing.Count > MaxEntries)
        {
            return ValueTask.FromResult(table);
        }
        return AppendAsync(site, missing, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="decode"/> with the cached table, and once more after reading the site's list again when the
    /// bytes name an entry it does not hold.
    /// </summary>
    /// <exception cref="StoreUnavailableException">Redis did not answer, or the list lacks the entry.</exception>
    public async ValueTask<T> DecodeAsync<T>(string site, Func<SiteStringTable?, T> decode, CancellationToken cancellationToken)
    {
        try
        {
            return decode(Cached(site));
        }
        catch (SiteStringMissingException)
        {
        }
        var table = await ReadAsync(redis.GetDatabase(), site, cancellationToken);
        if (table is not null)
        {
            Keep(site, table);
        }
        try
        {
            return decode(table);
        }
        catch (SiteStringMissingException)
        {
            throw new StoreUnavailableException("The visitor's record names a site string that is not stored.");
        }
    }

    /// <summary>
    /// Reads the site's list again and keeps it as read: before a chain is checked, so an entry edited in Redis shows
    /// (as a broken chain) on every instance, not only on one that had not read it yet.
    /// </summary>
    public async Task RefreshAsync(string site, CancellationToken cancellationToken)
    {
        if (await ReadAsync(redis.GetDatabase(), site, cancellationToken) is { } table)
        {
            _tables[site] = table;
        }
    }

    /// <summary>The site's list as stored now; <see langword="null"/> when there is none.</summary>
    public static async Task<SiteStringTable?> ReadAsync(IDatabase database, string site, CancellationToken cancellationToken)
    {
        var entries = await RedisCall.Run(database.ListRangeAsync(Keys.SiteStrings(site)), cancellationToken);
        return entries.Length == 0 ? null : SiteStringTable.From(entries.Select(e => (string)e!).ToArray());
    }

    private async ValueTask<SiteStringTable?> AppendAsync(string site, List<string> missing, CancellationToken cancellationToken)
    {
        var epoch = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)).ToString("x8", CultureInfo.InvariantCulture);
        RedisValue[] values = [epoch, .. missing.Select(s => (RedisValue)s)];
        var answer = await RedisCall.Run(
            redis.GetDatabase().ScriptEvaluateAsync(AppendScript, [Keys.SiteStrings(site)], values), cancellationToken);
        var table = SiteStringTable.From(((RedisResult[])answer!).Select(r => (string)r!).ToArray());
        Keep(site, table);
        return table;
    }

    private void Keep(string site, SiteStringTable table) =>
        _tables.AddOrUpdate(site, table, (_, old) => old.Epoch == table.Epoch && old.Count > table.Count ? old : table);
}

/// <summary>One read of a site's string list (see <see cref="SiteStrings"/>): immutable.</summary>
internal sealed class SiteStringTable
{
    private readonly string[] _entries;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    private SiteStringTable(uint epoch, string[] entries)
    {
        Epoch = epoch;
        _entries = entries;
        // Entry 0 is the epoch; two instances appending the same string at once leave two entries, the first one counts.
        for (var i = 1; i < entries.Length; i++)
        {
            _index.TryAdd(entries[i], i);
        }
    }

    /// <summary>The list's epoch, which a record naming it carries.</summary>
    public uint Epoch { get; }

    /// <summary>How many entries, the epoch included.</summary>
    public int Count => _entries.Length;

    /// <summary>A table from the list's entries as stored.</summary>
    /// <exception cref="StoreUnavailableException">The first entry is not an epoch.</exception>
    public static SiteStringTable From(string[] entries) =>
        entries.Length > 0 && entries[0].Length == 8
            && uint.TryParse(entries[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var epoch)
            ? new SiteStringTable(epoch, entries)
            : throw new StoreUnavailableException("The site's string list does not start with its epoch.");

    /// <summary>The index of <paramref name="s"/>; <see langword="null"/> when the table does not hold it.</summary>
    public int? IndexOf(string s) => _index.TryGetValue(s, out var index) ? index : null;

    /// <summary>Entry <paramref name="index"/> of the list of <paramref name="epoch"/>.</summary>
    /// <exception cref="SiteStringMissingException">This table is of another epoch or does not reach that far.</exception>
    public static string Resolve(SiteStringTable? table, uint epoch, int index) =>
        table is not null && table.Epoch == epoch && index is > 0 && index < table._entries.Length
            ? table._entries[index]
            : throw new SiteStringMissingException();
}

/// <summary>A record names a site string the table at hand does not hold (it may be newer than that table).</summary>
internal sealed class SiteStringMissingException : Exception
{
    public SiteStringMissingException()
        : base("The record names a site string this table does not hold.")
    {
    }
}
