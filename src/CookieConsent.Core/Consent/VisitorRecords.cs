using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Core.Consent;

/// <summary>
/// Reads a visitor's record, from its one key or, until the visitor's next write, from the old layout's three keys
/// (state, receipt list, head); replaces it atomically, deleting the old keys in the same step.
/// </summary>
internal static class VisitorRecords
{
    // KEYS: the record, the old layout's state, receipts and head, [the suppression record]. ARGV: the token the record
    // was read with, the new value, how long the receipts are kept (ms), '1' to set that expiry even when shorter than
    // the current one (an erasure), [the suppression record and its expiry (ms)]. Returns 0 when the record changed
    // since it was read (another write moved the head): the caller reads again, so a chain never forks.
    private const string ReplaceScript = """
        local cur = redis.call('GET', KEYS[1])
        local token, ttl
        if cur then
          token = 'n' .. string.sub(cur, 2, 17)
          ttl = redis.call('PTTL', KEYS[1])
        else
          token = 'o' .. (redis.call('GET', KEYS[4]) or '') .. ':' .. redis.call('LLEN', KEYS[3])
          ttl = redis.call('PTTL', KEYS[3])
        end
        if token ~= ARGV[1] then
          return 0
        end
        local keep = tonumber(ARGV[3])
        if ARGV[4] == '1' or ttl < keep then
          ttl = keep
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
        if not cur then
          redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
        end
        if #KEYS == 5 then
          redis.call('SET', KEYS[5], ARGV[5], 'PX', ARGV[6])
        end
        return 1
        """;

    /// <summary>The visitor's record as stored now; an empty one for a visitor with nothing stored.</summary>
    public static async Task<VisitorRecord> ReadAsync(IDatabase database, string site, string visitor, CancellationToken cancellationToken)
    {
        var batch = database.CreateBatch();
        var value = batch.StringGetAsync(Keys.Visitor(site, visitor));
        var oldState = batch.StringGetAsync(Keys.Consent(site, visitor));
        var oldReceipts = batch.ListRangeAsync(Keys.Receipts(site, visitor));
        var oldHead = batch.StringGetAsync(Keys.ReceiptHead(site, visitor));
        RedisCall.Execute(batch, [value, oldState, oldReceipts, oldHead]);
        await RedisCall.Run(Task.WhenAll(value, oldState, oldReceipts, oldHead), cancellationToken);
        if (!value.Result.IsNull)
        {
            return FromValue(site, visitor, (byte[])value.Result!);
        }
        var receipts = oldReceipts.Result.Select(r => VisitorRecordCodec.Legacy((string)r!)).ToList();
        var head = oldHead.Result.IsNull ? null : (string)oldHead.Result!;
        // An old state key exists only while it counts: its own TTL was its lapse.
        var state = oldState.Result.IsNull
            ? null
            : new StoredState(JsonSerializer.Deserialize((string)oldState.Result!, ConsentJsonContext.Default.ConsentState)!, DateTimeOffset.MaxValue);
        return new VisitorRecord(head, state, receipts, [], VisitorRecordCodec.LegacyToken(head, receipts.Count));
    }

    /// <summary>
    /// A record from its stored bytes. Bytes that do not read as a record are kept as one receipt that does not read
    /// (so the chain shows it broken and a later write keeps the evidence), with no state.
    /// </summary>
    public static VisitorRecord FromValue(string site, string visitor, byte[] value) =>
        VisitorRecordCodec.Decode(site, visitor, value)
        ?? new VisitorRecord(null, null, [new StoredReceipt(value, null, ReceiptChain.HashOf(value))], [], VisitorRecordCodec.TokenOf(value));

    /// <summary>Replaces the record read with <paramref name="token"/> by <paramref name="value"/>; 1 when done, 0 when it changed.</summary>
    public static Task<RedisResult> ReplaceAsync(
        IBatch batch, string site, string visitor, byte[] token, byte[] value, TimeSpan keep, bool resetExpiry,
        (string Json, TimeSpan Keep)? suppression = null)
    {
        RedisKey[] keys = suppression is null
            ? [Keys.Visitor(site, visitor), Keys.Consent(site, visitor), Keys.Receipts(site, visitor), Keys.ReceiptHead(site, visitor)]
            : [Keys.Visitor(site, visitor), Keys.Consent(site, visitor), Keys.Receipts(site, visitor), Keys.ReceiptHead(site, visitor),
                Keys.Suppression(site, visitor)];
        RedisValue[] values = suppression is { } kept
            ? [token, value, (long)keep.TotalMilliseconds, resetExpiry ? "1" : "0", kept.Json, (long)kept.Keep.TotalMilliseconds]
            : [token, value, (long)keep.TotalMilliseconds, resetExpiry ? "1" : "0"];
        return batch.ScriptEvaluateAsync(ReplaceScript, keys, values);
    }
}
