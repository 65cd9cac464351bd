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
    // Writes for one visitor at the same moment (a double click, a retrying client) take turns on the chain's head.
    private const int MaxChainAttempts = 16;

    /// <summary>How long the request log keeps an entry: 24 months (CCPA regulations §7101).</summary>
    public static readonly TimeSpan RequestLogRetention = TimeSpan.FromDays(730);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly RecentRecords _recent = new(RecentRecordsCapacity);
    private readonly SiteStrings _siteStrings;

    // How many visitors' records an instance remembers to write without reading first (a few MB at most).
    private const int RecentRecordsCapacity = 10_000;

    /// <summary>Creates the store.</summary>
    public ConsentStore(IConnectionMultiplexer redis, IOptions<RedisStoreOptions> options, TimeProvider time)
    {
        _redis = redis;
        _siteStrings = new SiteStrings(redis);
        _options = options.Value;
        _time = time;
    }

    /// <summary>Builds the receipt and state for a choice made now, without storing anything.</summary>
    /// <param name="site">Site id.</param>
    /// <param name="visitor">Visitor id.</param>
    /// <param name="definition">The site's definition.</param>
    /// <param name="request">The validated choice.</param>
    /// <param name="signals">The signals of the request.</param>
    /// <param name="revision">The notice revision shown (validated, or the current one).</param>
    public PreparedConsent Prepare(
        string site, string visitor, SiteDefinition definition, RecordConsentRequest request, ConsentSignals signals,
        string revision)
    {
        var now = _time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var choices = definition.Categories.Where(c => !c.Required).ToDictionary(c => c.Id, c => request.Choices[c.Id]);
        // Grants last the consent lifetime; refusals have no end (their time only dates the re-ask interval).
        var lifetime = TimeSpan.FromDays(definition.ConsentLifetimeDays);
        var receipt = new ConsentReceipt(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), site, visitor, now,
            Client.Decisions.ConsentDecider.CurrentPolicyVersion(definition, now), choices, signals, request.Source, now + lifetime,
            DataMinimisation.IpPrefix(request.VisitorIp), DataMinimisation.UserAgentFamily(request.UserAgent),
            revision, request.Shown?.Locale, request.Shown?.Wording, request.Shown?.Control ?? ConsentControl.Api,
            Surface: request.Shown?.Surface ?? ConsentSurface.Api);
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
        string site, string visitor, SiteDefinition definition, ConsentState? current, ConsentSignals signals, string revision)
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
            ConsentSource.Signal, expiresAt, IpPrefix: null, UserAgentFamily: null, revision,
            Control: ConsentControl.Signal, Surface: ConsentSurface.Api);
        var state = new ConsentState(choices, policyVersion, now, expiresAt, signals, ConsentSource.Signal, receipt.Id, refusals);
        return new PreparedConsent(receipt, state, expiresAt > now ? expiresAt - now : TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Stores a prepared choice: state, receipt and chain head atomically in the visitor's one key (one script, which
    /// also moves a visitor still in the old layout and publishes the change to every instance's caches), with the
    /// day's counters and the site's digest of the day beside it in the same round trip. Sets the receipt's event and
    /// chain link from the visitor's previous receipt. Returns once Redis acknowledged the script.
    /// </summary>
    /// <remarks>
    /// The site-day digest lives in the site's slot, so it is updated beside the visitor's script, not inside it: if
    /// the server stops after the script and before the digest, the day's check reports a digest that does not match
    /// while every chain verifies (the one window where the two disagree without tampering).
    /// </remarks>
    /// <returns>The receipt as stored.</returns>
    public async Task<ConsentReceipt> WriteAsync(PreparedConsent consent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var (stored, _) = await PrepareAndWriteAsync(consent.Receipt.Site, consent.Receipt.Visitor, _ => consent, cancellationToken);
        return stored!;
    }

    /// <summary>
    /// Stores what <paramref name="prepare"/> makes of the visitor's current consent (as <see cref="GetAsync"/> reads
    /// it), as <see cref="WriteAsync(PreparedConsent, CancellationToken)"/> does. The current consent comes from the
    /// write itself: a visitor this instance does not know is taken to have nothing stored (a first choice), and when
    /// Redis holds something else the script answers with it and <paramref name="prepare"/> runs again on the real
    /// state, so one round trip is the common case and a choice made meanwhile by another writer is never lost.
    /// </summary>
    /// <param name="site">Site id.</param>
    /// <param name="visitor">Visitor id.</param>
    /// <param name="prepare">The consent to store given the current one; <see langword="null"/> to store nothing.
    /// It may run more than once.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The receipt as stored (<see langword="null"/> when nothing was) and the consent it was prepared from.</returns>
    /// <exception cref="StoreUnavailableException">Nothing was acknowledged.</exception>
    public async Task<(ConsentReceipt? Stored, ConsentState? Current)> PrepareAndWriteAsync(
        string site, string visitor, Func<ConsentState?, PreparedConsent?> prepare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        var database = _redis.GetDatabase();
        var known = _recent.Get(site, visitor) is { } remembered
            ? (Record: await _siteStrings.DecodeAsync(
                site, table => VisitorRecords.FromValue(site, visitor, remembered.Value, table), cancellationToken), remembered.Suppression)
            : (Record: VisitorRecords.Nothing, Suppression: (string?)null);
        // Only an assumption: "store nothing" is never decided on it, that takes what is really stored.
        var assumed = true;
        Func<IBatch, Task[]>? undo = null;
        for (var attempt = 1; ; attempt++)
        {
            var (record, suppression) = known;
            var now = _time.GetUtcNow();
            var current = record.StateAt(now)
                ?? (suppression is not null && SuppressionRecord.FromJson(suppression) is { Refusals.Count: > 0 } kept ? kept.ToState() : null);
            if (prepare(current) is not { } consent)
            {
                if (assumed)
                {
                    var suppressionRead = RedisCall.Run(database.StringGetAsync(Keys.Suppression(site, visitor)), cancellationToken);
                    var read = await VisitorRecords.ReadAsync(database, _siteStrings, site, visitor, cancellationToken);
                    var erased = await suppressionRead;
                    known = (read, erased.IsNull ? null : (string)erased!);
                    assumed = false;
                    attempt--;
                    continue;
                }
                await SendUndoAsync(database, undo, cancellationToken);
                return (null, current);
            }
            var (receipt, state, lifetime) = consent;
            // A refusal is kept as long as the receipts that prove it; a state of grants only lapses with them.
            var stateLifetime = state.Choices.Values.Any(allowed => !allowed) ? lifetime + _options.ReceiptRetention : lifetime;
            var last = record.Receipts.Count == 0 ? null : record.Receipts[^1];
            // Receipts stored before chains have no head: the first chained receipt links to the newest of them.
            var stored = receipt with { Event = ReceiptChain.EventOf(receipt, last?.Receipt), Previous = record.Head ?? last?.Hash };
            var siteStrings = await _siteStrings.WithAsync(
                site, [.. stored.Choices.Keys, stored.Revision, stored.Wording, stored.Locale, stored.UserAgentFamily], cancellationToken);
            var (value, appended) = VisitorRecordCodec.Encode(
                site, visitor, record.Strings, record.Receipts, stored, new StoredState(state, stored.Timestamp + stateLifetime), siteStrings);

            // Counters and digest (one script) live in the site's own slot, so they go beside the visitor's script, never
            // inside it: in the same round trip, taken back (in the next try's round trip) when the script refuses.
            var day = DateOnly.FromDateTime(stored.Timestamp.UtcDateTime);
            var keep = lifetime + _options.ReceiptRetention;
            // A visitor whose previous receipt is of the same day is in the day's index already.
            var listed = last?.Receipt is { } previous && DateOnly.FromDateTime(previous.Timestamp.UtcDateTime) == day;
            var batch = database.CreateBatch();
            var calls = new List<Task>(undo?.Invoke(batch) ?? []);
            var write = VisitorRecords.ReplaceAsync(batch, site, visitor, record.Token, value, keep, resetExpiry: false);
            calls.Add(SiteDayDigest.Add(batch, site, day, visitor, appended.Hash, keep, listed, stored.Choices));
            RedisCall.Execute(batch, calls.Append(write));
            RedisResult answer;
            try
            {
                answer = await RedisCall.Run(write, cancellationToken);
            }
            catch
            {
                // Written or not, this instance no longer knows what is stored.
                _recent.Remove(site, visitor);
                throw;
            }
            try
            {
                await RedisCall.Run(Task.WhenAll(calls), cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                // The consent is stored and acknowledged (or refused); a lost counter update skews statistics and shows
                // in the day's check.
            }
            if (VisitorRecords.Written(answer))
            {
                _recent.Set(site, visitor, new RecentRecords.Entry(value, suppression));
                // This instance's caches at once; the others hear the script's publish.
                Caching.CacheInvalidation.Deliver(_redis, new Caching.CacheChange(site, visitor));
                return (stored, current);
            }
            // Another write moved the head: the script answered with what is stored now.
            known = await _siteStrings.DecodeAsync(
                site, table => VisitorRecords.FromRefusal(site, visitor, answer, table), cancellationToken);
            assumed = false;
            _recent.Remove(site, visitor);
            var (undoDay, undoChoices, undoHash) = (day, stored.Choices, appended.Hash);
            undo = b => [SiteDayDigest.Remove(b, site, undoDay, visitor, undoHash, keep, undoChoices)];
            // Each retry follows a write that succeeded: a burst of N writes for one visitor needs at most N tries. A writer
            // that keeps writing can still win every race, so after two lost ones this one waits a random moment (up
            // to 2, 4, ... 32 ms) to fall out of step with it.
            if (attempt == MaxChainAttempts)
            {
                await SendUndoAsync(database, undo, cancellationToken);
                throw new StoreUnavailableException("The visitor's receipts kept changing during the write.");
            }
            if (attempt >= 2)
            {
                // Real time, as the race is: a frozen test clock must not stop the retry.
                await Task.Delay(Random.Shared.Next(1 << Math.Min(attempt, 5)), CancellationToken.None);
            }
        }
    }

    // Takes back a refused try's counters and digest when no further try carries them.
    private static async Task SendUndoAsync(IDatabase database, Func<IBatch, Task[]>? undo, CancellationToken cancellationToken)
    {
        if (undo is null)
        {
            return;
        }
        try
        {
            var batch = database.CreateBatch();
            var calls = undo(batch);
            RedisCall.Execute(batch, calls);
            await RedisCall.Run(Task.WhenAll(calls), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // Statistics skew, and the day's check shows it.
        }
    }

    /// <summary>
    /// The visitor's current state; after an erasure with nothing recorded since, the refusals the erasure kept;
    /// <see langword="null"/> when there is neither.
    /// </summary>
    /// <exception cref="StoreUnavailableException">Redis did not answer, or the visitor's record no longer reads.</exception>
    public async Task<ConsentState?> GetAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var (state, suppression) = await StateAndSuppressionAsync(site, visitor, cancellationToken);
        return state ?? (suppression is { Refusals.Count: > 0 } kept ? kept.ToState() : null);
    }

    /// <summary>
    /// In one read: the visitor's stored state (as stored, without the suppression record) and the record an erasure
    /// kept (<see langword="null"/> when the visitor was never erased).
    /// </summary>
    /// <exception cref="StoreUnavailableException">Redis did not answer, or the visitor's record no longer reads.</exception>
    public async Task<(ConsentState? State, SuppressionRecord? Suppression)> StateAndSuppressionAsync(
        string site, string visitor, CancellationToken cancellationToken)
    {
        // The record, the old layout's state (until the visitor is moved) and the suppression record share the visitor's
        // slot: one MGET, also on a cluster.
        var values = await RedisCall.Run(
            _redis.GetDatabase().StringGetAsync([Keys.Visitor(site, visitor), Keys.Consent(site, visitor), Keys.Suppression(site, visitor)]),
            cancellationToken);
        ConsentState? state;
        if (!values[0].IsNull)
        {
            StoredState? stored;
            try
            {
                var bytes = (byte[])values[0]!;
                stored = await _siteStrings.DecodeAsync(
                    site, table => VisitorRecordCodec.DecodeState(site, visitor, bytes, table), cancellationToken);
            }
            catch (FormatException)
            {
                // A record that no longer reads establishes nothing: denied, as when Redis does not answer.
                throw new StoreUnavailableException("The visitor's record does not read.");
            }
            state = stored is not null && stored.LapsesAt > _time.GetUtcNow() ? stored.State : null;
        }
        else
        {
            state = values[1].IsNull ? null : JsonSerializer.Deserialize((string)values[1]!, ConsentJsonContext.Default.ConsentState);
        }
        return (state, values[2].IsNull ? null : SuppressionRecord.FromJson(values[2]!));
    }

    /// <summary>Every receipt of the visitor, oldest first (one whose bytes no longer read as a receipt is left out).</summary>
    public async Task<IReadOnlyList<ConsentReceipt>> ReceiptsAsync(string site, string visitor, CancellationToken cancellationToken) =>
        (await ReceiptsWithChainAsync(site, visitor, cancellationToken)).Receipts;

    /// <summary>Every receipt of the visitor, oldest first, and whether their chain verifies (in one read).</summary>
    public async Task<(IReadOnlyList<ConsentReceipt> Receipts, ReceiptChainCheck Chain)> ReceiptsWithChainAsync(
        string site, string visitor, CancellationToken cancellationToken)
    {
        await _siteStrings.RefreshAsync(site, cancellationToken);
        var record = await VisitorRecords.ReadAsync(_redis.GetDatabase(), _siteStrings, site, visitor, cancellationToken);
        return (record.Receipts.Select(r => r.Receipt).OfType<ConsentReceipt>().ToList(), ReceiptChain.Verify(record.Receipts, record.Head));
    }

    /// <summary>
    /// Recomputes the site's digest of one UTC day from the chains of the visitors who had a receipt that day, and
    /// checks each of those chains. A day verifies while its receipts are kept: once a visitor's receipts expire
    /// (the consent lifetime plus the receipt retention after their last change), that visitor shows as broken.
    /// </summary>
    public async Task<SiteDayVerification> VerifyDayAsync(string site, DateOnly day, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var (recordedCount, recordedDigest, visitors) = await SiteDayDigest.ReadAsync(database, site, day, cancellationToken);
        await _siteStrings.RefreshAsync(site, cancellationToken);
        var digest = new byte[16];
        long count = 0;
        var broken = new List<BrokenChain>();
        foreach (var visitor in visitors.Order(StringComparer.Ordinal))
        {
            var record = await VisitorRecords.ReadAsync(database, _siteStrings, site, visitor, cancellationToken);
            var check = ReceiptChain.Verify(record.Receipts, record.Head);
            if (!check.Verified)
            {
                broken.Add(new BrokenChain(visitor, check.BrokenAt));
            }
            foreach (var stored in record.Receipts)
            {
                if (stored.Receipt is { } receipt && DateOnly.FromDateTime(receipt.Timestamp.UtcDateTime) == day)
                {
                    SiteDayDigest.Xor(digest, stored.Hash);
                    count++;
                }
            }
        }
        var matches = count == recordedCount && Convert.ToHexStringLower(digest) == recordedDigest;
        return new SiteDayVerification(site, day, matches && broken.Count == 0, count, recordedCount, matches, broken);
    }

    /// <summary>
    /// Erases the visitor's state and receipts (GDPR Art. 17) but keeps a suppression record of the refusals (no
    /// personal data), records the erasure as an <c>erased</c> receipt at the head of a new chain (no choices, no IP,
    /// no user agent), takes the erased receipts out of their days' digests, and writes an entry to the site's request
    /// log. Repeating it changes nothing but recording one more erasure.
    /// </summary>
    /// <returns>The suppression record kept.</returns>
    public async Task<SuppressionRecord> EraseAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        for (var attempt = 1; ; attempt++)
        {
            var suppressionRead = RedisCall.Run(database.StringGetAsync(Keys.Suppression(site, visitor)), cancellationToken);
            var record = await VisitorRecords.ReadAsync(database, _siteStrings, site, visitor, cancellationToken);
            var suppression = await suppressionRead;
            var refusals = suppression.IsNull
                ? new Dictionary<string, CategoryRefusal>(StringComparer.Ordinal)
                : new Dictionary<string, CategoryRefusal>(SuppressionRecord.FromJson(suppression!).Refusals, StringComparer.Ordinal);
            // The record keeps the exact time (a cookie issued earlier in the same second must count as before it).
            var erasedAt = _time.GetUtcNow();
            if (record.StateAt(erasedAt) is { } state)
            {
                // The state is newer than any earlier erasure: its choices win, a later grant included.
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
            var kept = new SuppressionRecord(erasedAt, refusals);
            var now = erasedAt.AddTicks(-(erasedAt.Ticks % TimeSpan.TicksPerSecond));
            var erased = new ConsentReceipt(
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), site, visitor, now, 0,
                new Dictionary<string, bool>(StringComparer.Ordinal), ConsentSignals.None, ConsentSource.Api, now,
                IpPrefix: null, UserAgentFamily: null, Event: ConsentEvent.Erased, Surface: ConsentSurface.Api);
            var (value, appended) = VisitorRecordCodec.Encode(site, visitor, [], [], erased, state: null);

            // Only if the record did not change meanwhile (every change moves the head): a choice recorded in between
            // must not be lost from the suppression record, nor a receipt be deleted that the digests below do not take out.
            var batch = database.CreateBatch();
            var replace = VisitorRecords.ReplaceAsync(batch, site, visitor, record.Token, value, _options.ReceiptRetention,
                resetExpiry: true, (kept.ToJson(), _options.ReceiptRetention));
            RedisCall.Execute(batch, [replace]);
            _recent.Remove(site, visitor);
            if (VisitorRecords.Written(await RedisCall.Run(replace, cancellationToken)))
            {
                // The script published the change to the other instances; this one's caches hear it at once.
                Caching.CacheInvalidation.Deliver(_redis, new Caching.CacheChange(site, visitor));
                await UpdateDigestsAfterErasureAsync(site, visitor, record.Receipts, erased.Timestamp, appended.Hash, cancellationToken);
                await LogRequestAsync(site, PrivacyRequestType.Erasure,
                    refusals.Count > 0 ? PrivacyRequestOutcome.CompletedRefusalsKept : PrivacyRequestOutcome.Completed,
                    cancellationToken);
                return kept;
            }
            if (attempt == 3)
            {
                throw new StoreUnavailableException("The visitor's consent kept changing during the erasure.");
            }
        }
    }

    // The erased receipts leave their days' digests (XOR takes them out again); the erasure joins its own day.
    private async Task UpdateDigestsAfterErasureAsync(
        string site, string visitor, IReadOnlyList<StoredReceipt> erased, DateTimeOffset at, string hash, CancellationToken cancellationToken)
    {
        var batch = _redis.GetDatabase().CreateBatch();
        var calls = new List<Task>();
        var today = DateOnly.FromDateTime(at.UtcDateTime);
        foreach (var day in erased
            .Where(r => r.Receipt is not null)
            .GroupBy(r => DateOnly.FromDateTime(r.Receipt!.Timestamp.UtcDateTime)))
        {
            calls.AddRange(day.Select(r => SiteDayDigest.Remove(batch, site, day.Key, visitor, r.Hash, _options.ReceiptRetention)));
            if (day.Key != today)
            {
                calls.Add(SiteDayDigest.Forget(batch, site, day.Key, visitor));
            }
        }
        var listed = erased.Any(r => r.Receipt is not null && DateOnly.FromDateTime(r.Receipt.Timestamp.UtcDateTime) == today);
        calls.Add(SiteDayDigest.Add(batch, site, today, visitor, hash, _options.ReceiptRetention, listed));
        RedisCall.Execute(batch, calls);
        try
        {
            await RedisCall.Run(Task.WhenAll(calls), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            // The erasure stands; the days' checks will report the digests that were not updated.
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
            var counts = DailyStats.Sum(values.Result);
            if (counts.Count == 0)
            {
                continue;
            }
            foreach (var category in definition.Categories.Where(c => !c.Required))
            {
                result.Add(new DailyCategoryStats(day, category.Id,
                    counts.GetValueOrDefault(DailyStats.Answer(category.Id, true)),
                    counts.GetValueOrDefault(DailyStats.Answer(category.Id, false))));
            }
        }
        return result;
    }
}
