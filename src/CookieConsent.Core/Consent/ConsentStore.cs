using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CookieConsent.Client.Contracts;
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

    /// <summary>How long the request log keeps an entry: 24 months (CCPA regulations §7101).</summary>
    public static readonly TimeSpan RequestLogRetention = TimeSpan.FromDays(730);

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
        // Grants last the consent lifetime; refusals have no end (their time only dates the re-ask interval).
        var lifetime = TimeSpan.FromDays(definition.ConsentLifetimeDays);
        var receipt = new ConsentReceipt(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), site, visitor, now,
            Client.Decisions.ConsentDecider.CurrentPolicyVersion(definition, now), choices, signals, request.Source, now + lifetime,
            DataMinimisation.IpPrefix(request.VisitorIp), DataMinimisation.UserAgentFamily(request.UserAgent));
        var refusals = choices.Where(c => !c.Value).ToDictionary(c => c.Key, _ => new CategoryRefusal(now, request.Source));
        var state = new ConsentState(choices, receipt.PolicyVersion, now, receipt.ExpiresAt, signals, request.Source, receipt.Id, refusals);
        return new PreparedConsent(receipt, state, lifetime);
    }

    /// <summary>
    /// Builds the receipt (source <see cref="ConsentSource.Signal"/>) that records a Global Privacy Control signal as
    /// the visitor's opt-out of every sale-or-sharing category, keeping every other choice of <paramref name="current"/>
    /// as it was (grants keep their expiry). <see langword="null"/> when those categories are all refused already.
    /// </summary>
    public PreparedConsent? PrepareSignalOptOut(
        string site, string visitor, SiteDefinition definition, ConsentState? current, ConsentSignals signals)
    {
        // A grant stored while the signal was on was confirmed by the visitor after being told of the conflict (without
        // that confirmation it is refused): the same signal does not undo it again (CCPA regulations §7025(c)(3)).
        if (current is { Signals.GlobalPrivacyControl: true } && current.Source != ConsentSource.Signal)
        {
            return null;
        }
        var saleOrSharing = definition.Categories.Where(c => c.SaleOrSharing && !c.Required).Select(c => c.Id).ToList();
        if (saleOrSharing.All(id => current?.Choices.TryGetValue(id, out var allowed) == true && !allowed))
        {
            return null;
        }
        var now = _time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var choices = new Dictionary<string, bool>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, CategoryRefusal>(StringComparer.Ordinal);
        foreach (var category in definition.Categories.Where(c => !c.Required))
        {
            if (current?.Choices.TryGetValue(category.Id, out var allowed) == true)
            {
                choices[category.Id] = allowed;
                if (!allowed)
                {
                    refusals[category.Id] = current.RefusalOf(category.Id)!;
                }
            }
        }
        foreach (var id in saleOrSharing.Where(id => !refusals.ContainsKey(id)))
        {
            choices[id] = false;
            refusals[id] = new CategoryRefusal(now, ConsentSource.Signal);
        }
        var policyVersion = current?.PolicyVersion ?? Client.Decisions.ConsentDecider.CurrentPolicyVersion(definition, now);
        var expiresAt = current?.ExpiresAt ?? now + TimeSpan.FromDays(definition.ConsentLifetimeDays);
        var receipt = new ConsentReceipt(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), site, visitor, now, policyVersion, choices, signals,
            ConsentSource.Signal, expiresAt, IpPrefix: null, UserAgentFamily: null);
        var state = new ConsentState(choices, policyVersion, now, expiresAt, signals, ConsentSource.Signal, receipt.Id, refusals);
        return new PreparedConsent(receipt, state, expiresAt > now ? expiresAt - now : TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Stores a prepared choice: state and receipt atomically (one script) and the day's counters, in one round trip.
    /// Returns only once Redis acknowledged the script.
    /// </summary>
    public async Task WriteAsync(PreparedConsent consent, CancellationToken cancellationToken)
    {
        var (receipt, state, lifetime) = consent;
        var (site, visitor, choices) = (receipt.Site, receipt.Visitor, receipt.Choices);
        // A refusal is kept as long as the receipts that prove it; a state of grants only lapses with them.
        var stateLifetime = state.Choices.Values.Any(allowed => !allowed) ? lifetime + _options.ReceiptRetention : lifetime;
        var batch = _redis.GetDatabase().CreateBatch();
        var write = batch.ScriptEvaluateAsync(RecordScript,
            [Keys.Consent(site, visitor), Keys.Receipts(site, visitor)],
            [
                JsonSerializer.Serialize(state, ConsentJsonContext.Default.ConsentState),
                (long)stateLifetime.TotalMilliseconds,
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

    /// <summary>
    /// The visitor's current state; after an erasure with nothing recorded since, the refusals the erasure kept;
    /// <see langword="null"/> when there is neither.
    /// </summary>
    public async Task<ConsentState?> GetAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        // Both keys share the visitor's slot: one MGET, also on a cluster.
        var values = await RedisCall.Run(
            _redis.GetDatabase().StringGetAsync([Keys.Consent(site, visitor), Keys.Suppression(site, visitor)]), cancellationToken);
        if (!values[0].IsNull)
        {
            return JsonSerializer.Deserialize((string)values[0]!, ConsentJsonContext.Default.ConsentState);
        }
        return values[1].IsNull ? null : SuppressionRecord.FromJson(values[1]!) is { Refusals.Count: > 0 } kept ? kept.ToState() : null;
    }

    /// <summary>
    /// In one read: the visitor's stored state (as stored, without the suppression record) and the record an erasure
    /// kept (<see langword="null"/> when the visitor was never erased).
    /// </summary>
    public async Task<(ConsentState? State, SuppressionRecord? Suppression)> StateAndSuppressionAsync(
        string site, string visitor, CancellationToken cancellationToken)
    {
        var values = await RedisCall.Run(
            _redis.GetDatabase().StringGetAsync([Keys.Consent(site, visitor), Keys.Suppression(site, visitor)]), cancellationToken);
        return (
            values[0].IsNull ? null : JsonSerializer.Deserialize((string)values[0]!, ConsentJsonContext.Default.ConsentState),
            values[1].IsNull ? null : SuppressionRecord.FromJson(values[1]!));
    }

    /// <summary>Every receipt of the visitor, oldest first.</summary>
    public async Task<IReadOnlyList<ConsentReceipt>> ReceiptsAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var values = await RedisCall.Run(
            _redis.GetDatabase().ListRangeAsync(Keys.Receipts(site, visitor)), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize((string)v!, ConsentJsonContext.Default.ConsentReceipt)!).ToList();
    }

    /// <summary>
    /// Erases the visitor's state and receipts (GDPR Art. 17) but keeps a suppression record of the refusals (no
    /// personal data), and writes an entry to the site's request log. Idempotent.
    /// </summary>
    /// <returns>The suppression record kept.</returns>
    public async Task<SuppressionRecord> EraseAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var (stateKey, suppressionKey) = (Keys.Consent(site, visitor), Keys.Suppression(site, visitor));
        for (var attempt = 1; ; attempt++)
        {
            var values = await RedisCall.Run(database.StringGetAsync([stateKey, suppressionKey]), cancellationToken);
            var refusals = values[1].IsNull
                ? new Dictionary<string, CategoryRefusal>(StringComparer.Ordinal)
                : new Dictionary<string, CategoryRefusal>(SuppressionRecord.FromJson(values[1]!).Refusals, StringComparer.Ordinal);
            if (!values[0].IsNull)
            {
                // The state is newer than any earlier erasure: its choices win, a later grant included.
                var state = JsonSerializer.Deserialize((string)values[0]!, ConsentJsonContext.Default.ConsentState)!;
                foreach (var (category, allowed) in state.Choices)
                {
                    if (allowed)
                    {
                        refusals.Remove(category);
                    }
                    else
                    {
                        refusals[category] = state.RefusalOf(category)!;
                    }
                }
            }
            var record = new SuppressionRecord(_time.GetUtcNow(), refusals);

            // Only if the state did not change meanwhile: a choice recorded in between must not be lost from the record.
            var transaction = database.CreateTransaction();
            transaction.AddCondition(values[0].IsNull ? Condition.KeyNotExists(stateKey) : Condition.StringEqual(stateKey, values[0]));
            _ = transaction.KeyDeleteAsync([stateKey, Keys.Receipts(site, visitor)]);
            _ = transaction.StringSetAsync(suppressionKey, record.ToJson(), _options.ReceiptRetention);
            if (await RedisCall.Run(transaction.ExecuteAsync(), cancellationToken))
            {
                await LogRequestAsync(site, PrivacyRequestType.Erasure,
                    refusals.Count > 0 ? PrivacyRequestOutcome.CompletedRefusalsKept : PrivacyRequestOutcome.Completed,
                    cancellationToken);
                return record;
            }
            if (attempt == 3)
            {
                throw new StoreUnavailableException("The visitor's consent kept changing during the erasure.");
            }
        }
    }

    /// <summary>Adds an entry to the site's request log (no personal data) and drops entries past 24 months.</summary>
    public async Task LogRequestAsync(
        string site, PrivacyRequestType type, PrivacyRequestOutcome outcome, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var entry = new PrivacyRequestLogEntry(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), now, type, outcome);
        var key = Keys.RequestLog(site);
        var batch = _redis.GetDatabase().CreateBatch();
        Task[] calls =
        [
            batch.SortedSetAddAsync(key, JsonSerializer.Serialize(entry, ConsentJsonContext.Default.PrivacyRequestLogEntry),
                now.ToUnixTimeMilliseconds()),
            batch.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, (now - RequestLogRetention).ToUnixTimeMilliseconds()),
            batch.KeyExpireAsync(key, RequestLogRetention),
        ];
        RedisCall.Execute(batch, calls);
        await RedisCall.Run(Task.WhenAll(calls), cancellationToken);
    }

    /// <summary>The site's request log of the last 24 months, newest first.</summary>
    public async Task<IReadOnlyList<PrivacyRequestLogEntry>> RequestLogAsync(string site, CancellationToken cancellationToken)
    {
        var since = (_time.GetUtcNow() - RequestLogRetention).ToUnixTimeMilliseconds();
        var values = await RedisCall.Run(
            _redis.GetDatabase().SortedSetRangeByScoreAsync(Keys.RequestLog(site), since, double.PositiveInfinity, order: Order.Descending), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize((string)v!, ConsentJsonContext.Default.PrivacyRequestLogEntry)!).ToList();
    }

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
