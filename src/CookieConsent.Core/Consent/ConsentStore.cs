using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CookieConsent.Contracts;
using CookieConsent.Core.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Core.Consent;

/// <summary>Visitors' consent state, their receipts, and the sites' daily counters.</summary>
public sealed class ConsentStore
{
    // State and receipt change together or not at all; both keys share the visitor's hash slot.
    private const string RecordScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('RPUSH', KEYS[2], ARGV[3])
        local keep = tonumber(ARGV[4])
        if redis.call('PTTL', KEYS[2]) < keep then
          redis.call('PEXPIRE', KEYS[2], keep)
        end
        return 1
        """;

    private static readonly TimeSpan StatsRetention = TimeSpan.FromDays(400);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    public ConsentStore(IConnectionMultiplexer redis, IOptions<RedisStoreOptions> options, TimeProvider time)
    {
        _redis = redis;
        _options = options.Value;
        _time = time;
    }

    /// <summary>Builds the receipt and state for a choice made now, without storing anything.</summary>
    public PreparedConsent Prepare(
        string site, string visitor, SiteDefinition definition, RecordConsentRequest request, ConsentSignals signals)
    {
        var now = _time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var choices = definition.Categories.Where(c => !c.Required).ToDictionary(c => c.Id, c => request.Choices[c.Id]);
        // A refusal of everything may be asked again sooner than a consent.
        var lifetime = TimeSpan.FromDays(choices.Values.Any(allowed => allowed)
            ? definition.ConsentLifetimeDays
            : definition.RefusalLifetimeDays);
        var receipt = new ConsentReceipt(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), site, visitor, now,
            Decisions.ConsentDecider.CurrentPolicyVersion(definition, now), choices, signals, request.Source, now + lifetime,
            DataMinimisation.IpPrefix(request.VisitorIp), DataMinimisation.UserAgentFamily(request.UserAgent));
        var state = new ConsentState(choices, receipt.PolicyVersion, now, receipt.ExpiresAt, signals, request.Source, receipt.Id);
        return new PreparedConsent(receipt, state, lifetime);
    }

    /// <summary>
    /// Stores a prepared choice: state and receipt atomically (one script) and the day's counters, in one round trip.
    /// Returns only once Redis acknowledged the script.
    /// </summary>
    public async Task WriteAsync(PreparedConsent consent, CancellationToken cancellationToken)
    {
        var (receipt, state, lifetime) = consent;
        var (site, visitor, choices) = (receipt.Site, receipt.Visitor, receipt.Choices);
        var batch = _redis.GetDatabase().CreateBatch();
        var write = batch.ScriptEvaluateAsync(RecordScript,
            [Keys.Consent(site, visitor), Keys.Receipts(site, visitor)],
            [
                JsonSerializer.Serialize(state, ConsentJsonContext.Default.ConsentState),
                (long)lifetime.TotalMilliseconds,
                JsonSerializer.Serialize(receipt, ConsentJsonContext.Default.ConsentReceipt),
                (long)(lifetime + _options.ReceiptRetention).TotalMilliseconds,
            ]);
        // Counters live in the site's own slot, so they go beside the script, never inside it.
        var statsKey = Keys.DailyStats(site, DateOnly.FromDateTime(receipt.Timestamp.UtcDateTime));
        var counters = choices
            .Select(c => (Task)batch.HashIncrementAsync(statsKey, c.Key + (c.Value ? ":in" : ":out")))
            .Append(batch.KeyExpireAsync(statsKey, StatsRetention))
            .ToArray();
        RedisCall.Execute(batch, counters.Append(write));

        await RedisCall.Run(write, cancellationToken);
        try
        {
            await RedisCall.Run(Task.WhenAll(counters), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // The consent is stored and acknowledged; a lost counter increment only skews statistics.
        }
    }

    /// <summary>The visitor's current state, or <see langword="null"/> when there is none (or it expired).</summary>
    public async Task<ConsentState?> GetAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var json = await RedisCall.Run(
            _redis.GetDatabase().StringGetAsync(Keys.Consent(site, visitor)), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, ConsentJsonContext.Default.ConsentState);
    }

    /// <summary>Every receipt of the visitor, oldest first.</summary>
    public async Task<IReadOnlyList<ConsentReceipt>> ReceiptsAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var values = await RedisCall.Run(
            _redis.GetDatabase().ListRangeAsync(Keys.Receipts(site, visitor)), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize((string)v!, ConsentJsonContext.Default.ConsentReceipt)!).ToList();
    }

    /// <summary>Erases the visitor's state and receipts (GDPR Art. 17). Idempotent.</summary>
    public Task EraseAsync(string site, string visitor, CancellationToken cancellationToken) =>
        RedisCall.Run(
            _redis.GetDatabase().KeyDeleteAsync([Keys.Consent(site, visitor), Keys.Receipts(site, visitor)]),
            cancellationToken);

    /// <summary>Opt-ins and opt-outs per category for the last <paramref name="days"/> UTC days, oldest first.</summary>
    public async Task<IReadOnlyList<DailyCategoryStats>> StatsAsync(
        string site, SiteDefinition definition, int days, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var batch = _redis.GetDatabase().CreateBatch();
        var reads = Enumerable.Range(0, days)
            .Select(back => today.AddDays(-(days - 1 - back)))
            .Select(day => (Day: day, Values: batch.HashGetAllAsync(Keys.DailyStats(site, day))))
            .ToList();
        RedisCall.Execute(batch, reads.Select(r => r.Values));
        await RedisCall.Run(Task.WhenAll(reads.Select(r => r.Values)), cancellationToken);

        var result = new List<DailyCategoryStats>();
        foreach (var (day, values) in reads)
        {
            var counts = values.Result.ToDictionary(e => (string)e.Name!, e => long.Parse((string)e.Value!, CultureInfo.InvariantCulture));
            if (counts.Count == 0)
            {
                continue;
            }
            foreach (var category in definition.Categories.Where(c => !c.Required))
            {
                result.Add(new DailyCategoryStats(day, category.Id,
                    counts.GetValueOrDefault(category.Id + ":in"), counts.GetValueOrDefault(category.Id + ":out")));
            }
        }
        return result;
    }
}
