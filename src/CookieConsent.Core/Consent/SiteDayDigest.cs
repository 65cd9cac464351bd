using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Core.Consent;

/// <summary>
/// A site's running digest of one UTC day's receipts: their count and the XOR of their hashes, with the set of
/// visitors who had one (an append-only index, <see cref="VisitorIndex"/>), so the day can be recomputed from those visitors' chains. XOR makes the digest independent
/// of the order concurrent writes arrive in, and lets an erasure take its receipts out again. It detects receipts
/// edited, deleted or added behind the server's back; it is not a signature (whoever can write Redis and recompute
/// hashes can forge it). The day's opt-in and opt-out counters (<see cref="DailyStats"/>) move in the same step: one
/// script, and one counter for the receipt's whole choice, so a write costs Redis and the client one call in the site's
/// slot.
/// </summary>
internal static class SiteDayDigest
{
    private const string Zero = "00000000000000000000000000000000";

    // KEYS: the digest, the day's visitor index, the day's statistics. ARGV: the receipt hash in hex, +1 or -1, the
    // visitor's index entry ('' when they are listed already), TTL ms, the statistics' TTL (s), then the statistics'
    // counter of the receipt's choices, moved by the same +1 or -1 (none for a receipt without choices). Redis's Lua
    // has 32-bit bit operations. An expiry is only ever extended, and then by a day more than asked: the day's later
    // writes find it long enough and leave it, so a write appends three commands to the AOF, not eleven.
    private const string UpdateScript = """
        local d = redis.call('HMGET', KEYS[1], 'x', 'n')
        local x = d[1] or '00000000000000000000000000000000'
        local t = ARGV[1]
        local out = {}
        for i = 1, 32, 8 do
          out[#out + 1] = bit.tohex(bit.bxor(tonumber(string.sub(x, i, i + 7), 16), tonumber(string.sub(t, i, i + 7), 16)), 8)
        end
        redis.call('HSET', KEYS[1], 'x', table.concat(out), 'n', (tonumber(d[2]) or 0) + tonumber(ARGV[2]))
        if ARGV[3] ~= '' then
          redis.call('APPEND', KEYS[2], ARGV[3])
        end
        local keep = tonumber(ARGV[4])
        for k = 1, 2 do
          if redis.call('PTTL', KEYS[k]) < keep then
            redis.call('PEXPIRE', KEYS[k], keep + 86400000)
          end
        end
        if ARGV[6] then
          redis.call('HINCRBY', KEYS[3], ARGV[6], ARGV[2])
          if redis.call('TTL', KEYS[3]) < tonumber(ARGV[5]) then
            redis.call('EXPIRE', KEYS[3], ARGV[5] + 86400)
          end
        end
        return 1
        """;

    /// <summary>
    /// Adds one receipt to its day, lists the visitor in the day's index unless <paramref name="listed"/> (their
    /// previous receipt is of the same day, so they are in it already), and counts its <paramref name="choices"/>.
    /// </summary>
    public static Task Add(
        IBatch batch, string site, DateOnly day, string visitor, string hash, TimeSpan keep, bool listed = false,
        IReadOnlyDictionary<string, bool>? choices = null) =>
        Update(batch, site, day, listed ? [] : VisitorIndex.Entry(visitor), hash, +1, keep, choices);

    /// <summary>
    /// Takes a receipt out of its day (the visitor stays listed: a listed visitor without receipts that day adds
    /// nothing), and its <paramref name="choices"/> out of the day's counters when given (a write taken back).
    /// </summary>
    public static Task Remove(
        IBatch batch, string site, DateOnly day, string visitor, string hash, TimeSpan keep,
        IReadOnlyDictionary<string, bool>? choices = null) =>
        Update(batch, site, day, [], hash, -1, keep, choices);

    /// <summary>Drops a visitor from a day's set of the older layout once none of their receipts of that day is left.</summary>
    public static Task Forget(IBatch batch, string site, DateOnly day, string visitor) =>
        batch.SetRemoveAsync(Keys.DayDigestVisitors(site, day), visitor);

    private static Task Update(
        IBatch batch, string site, DateOnly day, byte[] entry, string hash, int delta, TimeSpan keep,
        IReadOnlyDictionary<string, bool>? choices)
    {
        RedisValue[] values = choices is { Count: > 0 } ? new RedisValue[6] : new RedisValue[5];
        (values[0], values[1], values[2], values[3], values[4]) =
            (ReceiptChain.Hex(hash), delta, entry, (long)keep.TotalMilliseconds, (long)DailyStats.Retention.TotalSeconds);
        if (values.Length == 6)
        {
            values[5] = DailyStats.Field(choices!);
        }
        return batch.ScriptEvaluateAsync(UpdateScript,
            [Keys.DayDigest(site, day), Keys.DayDigestIndex(site, day), Keys.DailyStats(site, day)], values);
    }

    /// <summary>The recorded count, digest (hex) and visitors of a day.</summary>
    public static async Task<(long Count, string Digest, IReadOnlyList<string> Visitors)> ReadAsync(
        IDatabase database, string site, DateOnly day, CancellationToken cancellationToken)
    {
        var batch = database.CreateBatch();
        var values = batch.HashGetAsync(Keys.DayDigest(site, day), ["n", "x"]);
        // Days recorded before the index have a set of visitors; both are read, and a visitor listed twice counts once.
        var visitors = batch.SetMembersAsync(Keys.DayDigestVisitors(site, day));
        var index = batch.StringGetAsync(Keys.DayDigestIndex(site, day));
        RedisCall.Execute(batch, [values, visitors, index]);
        await RedisCall.Run(Task.WhenAll(values, visitors, index), cancellationToken);
        var count = values.Result[0].IsNull ? 0 : (long)values.Result[0];
        var digest = values.Result[1].IsNull ? Zero : (string)values.Result[1]!;
        var listed = new HashSet<string>(visitors.Result.Select(v => (string)v!), StringComparer.Ordinal);
        if (!index.Result.IsNull)
        {
            listed.UnionWith(VisitorIndex.Read((byte[])index.Result!));
        }
        return (count, digest, listed.ToList());
    }

    /// <summary>XORs a receipt hash into a 16-byte digest.</summary>
    public static void Xor(byte[] digest, string hash)
    {
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(hash);
        for (var i = 0; i < digest.Length; i++)
        {
            digest[i] ^= bytes[i];
        }
    }
}
