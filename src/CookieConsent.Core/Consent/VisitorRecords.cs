using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Caching;
using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Core.Consent;

/// <summary>
/// Reads a visitor's record, from its one key or, until the visitor's next write, from the old layout's three keys
/// (state, receipt list, head); replaces it atomically, deleting the old keys in the same step.
/// </summary>
internal static class VisitorRecords
{
    // KEYS: the record, the old layout's state, receipts and head, the suppression record. ARGV: the token the record was
    // read with (or assumed: "o:" for a visitor with nothing stored), the new value, how long the receipts are kept
    // (ms), '1' to set that expiry even when shorter than the current one (an erasure), the invalidation channel and
    // message, [a new suppression record and its expiry (ms)].
    // Returns 1 once written and the change published (in the same step, so a write is one round trip). When the record
    // changed since it was read (another write moved the head), nothing is written and the script answers with what is
    // stored now, so the caller retries without reading: {0, suppression or '', 'n', record} or, for a visitor still in
    // the old layout, {0, suppression or '', 'o', state or '', head or '', receipts...}. A chain never forks.
    private const string ReplaceScript = """
        local cur = redis.call('GET', KEYS[1])
        local token, ttl, head
        local old = false
        if cur then
          token = 'n' .. redis.sha1hex(cur)
          ttl = redis.call('PTTL', KEYS[1])
        elseif redis.call('EXISTS', KEYS[2], KEYS[3], KEYS[4]) == 0 then
          -- Nothing stored in either layout (a first choice, the common write): one call instead of four.
          token = 'o:0'
          ttl = -2
        else
          old = true
          head = redis.call('GET', KEYS[4])
          token = 'o' .. (head or '') .. ':' .. redis.call('LLEN', KEYS[3])
          ttl = redis.call('PTTL', KEYS[3])
        end
        if token ~= ARGV[1] then
          local kept = redis.call('GET', KEYS[5]) or ''
          if cur then
            return {0, kept, 'n', cur}
          end
          local answer = {0, kept, 'o', redis.call('GET', KEYS[2]) or '', head or ''}
          for _, receipt in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
            answer[#answer + 1] = receipt
          end
          return answer
        end
        local keep = tonumber(ARGV[3])
        if ARGV[4] == '1' or ttl < keep then
          ttl = keep
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
        if old then
          redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
        end
        if #ARGV == 8 then
          redis.call('SET', KEYS[5], ARGV[7], 'PX', ARGV[8])
        end
        -- A refused publish (an ACL without the channel) must not undo an acknowledged write: the caches that missed
        -- it are bounded as when a publish from the client fails.
        redis.pcall('PUBLISH', ARGV[5], ARGV[6])
        return 1
        """;

    /// <summary>The visitor's record as stored now; an empty one for a visitor with nothing stored.</summary>
    public static async Task<VisitorRecord> ReadAsync(
        IDatabase database, SiteStrings siteStrings, string site, string visitor, CancellationToken cancellationToken)
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
            var bytes = (byte[])value.Result!;
            return await siteStrings.DecodeAsync(site, table => FromValue(site, visitor, bytes, table), cancellationToken);
        }
        return FromOldLayout(
            oldState.Result.IsNull ? null : (string)oldState.Result!,
            oldHead.Result.IsNull ? null : (string)oldHead.Result!,
            oldReceipts.Result.Select(r => (string)r!));
    }

    /// <summary>The token of a visitor with nothing stored, in either layout: what a write assumes of a visitor it does not know.</summary>
    public static byte[] NothingStoredToken { get; } = VisitorRecordCodec.LegacyToken(null, 0);

    /// <summary>An empty record, as <see cref="ReadAsync"/> reads a visitor with nothing stored.</summary>
    public static VisitorRecord Nothing { get; } = new(null, null, [], [], NothingStoredToken);

    /// <summary>A record of the old layout from its three keys' values (state JSON, head, receipts' JSON).</summary>
    public static VisitorRecord FromOldLayout(string? stateJson, string? head, IEnumerable<string> receiptJson)
    {
        var receipts = receiptJson.Select(VisitorRecordCodec.Legacy).ToList();
        // An old state key exists only while it counts: its own TTL was its lapse.
        var state = stateJson is null
            ? null
            : new StoredState(JsonSerializer.Deserialize(stateJson, ConsentJsonContext.Default.ConsentState)!, DateTimeOffset.MaxValue);
        return new VisitorRecord(head, state, receipts, [], VisitorRecordCodec.LegacyToken(head, receipts.Count));
    }

    /// <summary>
    /// What the write script answered when it refused: the record stored now and the suppression record beside it
    /// (<see langword="null"/> when there is none).
    /// </summary>
    /// <exception cref="SiteStringMissingException"><paramref name="siteStrings"/> lacks an entry the record names.</exception>
    public static (VisitorRecord Record, string? Suppression) FromRefusal(
        string site, string visitor, RedisResult answer, SiteStringTable? siteStrings)
    {
        var parts = (RedisResult[])answer!;
        var suppression = (string?)parts[1] is { Length: > 0 } json ? json : null;
        if ((string?)parts[2] == "n")
        {
            return (FromValue(site, visitor, (byte[])parts[3]!, siteStrings), suppression);
        }
        var state = (string?)parts[3];
        var head = (string?)parts[4];
        return (FromOldLayout(state is { Length: > 0 } ? state : null, head is { Length: > 0 } ? head : null,
            parts.Skip(5).Select(r => (string)r!)), suppression);
    }

    /// <summary>
    /// A record from its stored bytes. Bytes that do not read as a record are kept as one receipt that does not read
    /// (so the chain shows it broken and a later write keeps the evidence), with no state.
    /// </summary>
    /// <remarks>
    /// A record of a newer format is not "bytes that do not read": during a rolling upgrade a newer instance wrote it,
    /// and wrapping it as evidence would bury its state under this version's write. It is refused as unavailable
    /// instead, so reads deny and writes answer 503 until this instance is upgraded.
    /// </remarks>
    /// <exception cref="SiteStringMissingException"><paramref name="siteStrings"/> lacks an entry the record names.</exception>
    /// <exception cref="StoreUnavailableException">A newer version of the server wrote the record.</exception>
    public static VisitorRecord FromValue(string site, string visitor, byte[] value, SiteStringTable? siteStrings) =>
        VisitorRecordCodec.IsNewerFormat(value)
            ? throw new StoreUnavailableException("The visitor's record was written by a newer version of the server.")
            : VisitorRecordCodec.Decode(site, visitor, value, siteStrings)
              ?? new VisitorRecord(null, null, [new StoredReceipt(value, null, ReceiptChain.HashOf(value))], [], VisitorRecordCodec.TokenOf(value));

    /// <summary>
    /// Replaces the record read with <paramref name="token"/> by <paramref name="value"/> and publishes
    /// the visitor's change on the invalidation channel; 1 when done, otherwise what is stored now
    /// (<see cref="FromRefusal"/>).
    /// </summary>
    public static Task<RedisResult> ReplaceAsync(
        IBatch batch, string site, string visitor, byte[] token, byte[] value, TimeSpan keep, bool resetExpiry,
        (string Json, TimeSpan Keep)? suppression = null)
    {
        RedisKey[] keys =
            [Keys.Visitor(site, visitor), Keys.Consent(site, visitor), Keys.Receipts(site, visitor), Keys.ReceiptHead(site, visitor),
                Keys.Suppression(site, visitor)];
        var channel = CacheInvalidation.Channel.ToString();
        var message = CacheInvalidation.Format(new CacheChange(site, visitor));
        RedisValue[] values = suppression is { } kept
            ? [token, value, (long)keep.TotalMilliseconds, resetExpiry ? "1" : "0", channel, message, kept.Json, (long)kept.Keep.TotalMilliseconds]
            : [token, value, (long)keep.TotalMilliseconds, resetExpiry ? "1" : "0", channel, message];
        return batch.ScriptEvaluateAsync(ReplaceScript, keys, values);
    }

    /// <summary>Whether the write script's answer means it wrote.</summary>
    public static bool Written(RedisResult answer) => answer.Resp2Type == ResultType.Integer && (int)answer == 1;
}
