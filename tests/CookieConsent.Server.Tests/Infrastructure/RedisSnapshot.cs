using System.Text;
using StackExchange.Redis;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>
/// Every Redis key of some sites (their own keys and their visitors' keys) with type, value and absolute expiry,
/// read in one script so the picture is consistent. Two equal snapshots prove that nothing stored changed.
/// </summary>
public sealed class RedisSnapshot
{
    private const string DumpScript = """
        local out = {}
        for _, pattern in ipairs(ARGV) do
          for _, k in ipairs(redis.call('KEYS', pattern)) do
            local t = redis.call('TYPE', k)['ok']
            local v
            if t == 'string' then v = { redis.call('GET', k) }
            elseif t == 'list' then v = redis.call('LRANGE', k, 0, -1)
            elseif t == 'hash' then v = redis.call('HGETALL', k)
            elseif t == 'set' then v = redis.call('SMEMBERS', k)
            elseif t == 'zset' then v = redis.call('ZRANGE', k, 0, -1, 'WITHSCORES')
            else v = {} end
            out[#out + 1] = { k, t, tostring(redis.call('PEXPIRETIME', k)), v }
          end
        end
        return out
        """;

    private RedisSnapshot(SortedDictionary<string, string> entries) => Entries = entries;

    /// <summary>Key → "type, expiry, value(s)".</summary>
    public IReadOnlyDictionary<string, string> Entries { get; }

    /// <summary>Every key of each site: <c>cc:{site}:*</c> and its visitors' <c>cc:{site:*</c>.</summary>
    public static Task<RedisSnapshot> OfSitesAsync(IDatabase database, params string[] sites) =>
        TakeAsync(database, sites.SelectMany(s => new[] { $"cc:{{{s}}}:*", $"cc:{{{s}:*" }).ToArray());

    /// <summary>Every key in the database.</summary>
    public static Task<RedisSnapshot> OfEverythingAsync(IDatabase database) => TakeAsync(database, "*");

    public static async Task<RedisSnapshot> TakeAsync(IDatabase database, params string[] patterns)
    {
        var result = await database.ScriptEvaluateAsync(DumpScript, [], patterns.Select(p => (RedisValue)p).ToArray());
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (RedisResult[])result!)
        {
            var parts = (RedisResult[])entry!;
            var key = (string)parts[0]!;
            var type = (string)parts[1]!;
            var values = ((RedisResult[])parts[3]!).Select(v => (string)v!).ToList();
            if (type == "hash")
            {
                // Field order of a hash is not part of its content.
                values = values.Chunk(2).Select(p => p[0] + "=" + p[1]).Order(StringComparer.Ordinal).ToList();
            }
            else if (type == "set")
            {
                values.Sort(StringComparer.Ordinal);
            }
            entries[key] = $"{type} expires {(string)parts[2]!}: {string.Join(" | ", values)}";
        }
        return new RedisSnapshot(entries);
    }

    /// <summary>All values, to search for something that must never be stored.</summary>
    public IEnumerable<string> Values => Entries.Values;

    public void AssertSameAs(RedisSnapshot before, string because)
    {
        var diff = new StringBuilder();
        foreach (var (key, value) in before.Entries)
        {
            if (!Entries.TryGetValue(key, out var now))
            {
                diff.AppendLine($"- removed {key}");
            }
            else if (now != value)
            {
                diff.AppendLine($"- changed {key}: {value} -> {now}");
            }
        }
        foreach (var key in Entries.Keys.Where(k => !before.Entries.ContainsKey(k)))
        {
            diff.AppendLine($"- added {key}: {Entries[key]}");
        }
        Assert.AreEqual(0, diff.Length, $"Stored state changed ({because}):\n{diff}");
    }
}
