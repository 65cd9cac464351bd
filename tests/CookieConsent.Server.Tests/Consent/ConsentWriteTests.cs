using System.Globalization;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Server.Tests.Consent;

/// <summary>
/// The write path: one round trip for a visitor the instance does not know or last wrote itself, and, when another
/// writer got there first, a retry on what is really stored (no receipt, no refusal, no count lost).
/// </summary>
[TestClass]
public sealed class ConsentWriteTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly SiteDefinition Definition = TestSites.Default();

    private static ConsentStore StoreOn(IConnectionMultiplexer redis) =>
        new(redis, Options.Create(new RedisStoreOptions()), TimeProvider.System);

    private static PreparedConsent Choice(ConsentStore store, string site, string visitor, bool analytics, bool marketing) =>
        store.Prepare(site, visitor, Definition,
            new RecordConsentRequest(TestSites.Choices(("analytics", analytics), ("marketing", marketing))), ConsentSignals.None,
            SiteRevisions.Hash(Definition));

    // Calls per command since the server started, from INFO commandstats (Lua's own calls included).
    private static Dictionary<string, long> CommandCalls(RedisServer redis) =>
        redis.RunCli("info", "commandstats").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal))
            .ToDictionary(
                l => l["cmdstat_".Length..l.IndexOf(':', StringComparison.Ordinal)],
                l => long.Parse(l.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture));

    private static long Delta(Dictionary<string, long> before, Dictionary<string, long> after, string command) =>
        after.GetValueOrDefault(command) - before.GetValueOrDefault(command);

    [TestMethod]
    public async Task ANewVisitorsWrite_AndARewriteByTheSameInstance_SendNoReadBeforeTheirOneScript()
    {
        // A Redis of its own, so the counts are this test's commands only.
        using var redis = RedisServer.Start();
        using var connection = redis.Connect();
        var store = StoreOn(connection);
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();
        // Load the scripts once, so EVALSHA below is one command each.
        await store.WriteAsync(Choice(store, site, ConsentIds.NewVisitorId(), true, false), TestContext.CancellationToken);

        foreach (var (analytics, label) in new[] { (true, "a new visitor"), (false, "a rewrite") })
        {
            var before = CommandCalls(redis);
            await store.WriteAsync(Choice(store, site, visitor, analytics, false), TestContext.CancellationToken);
            var after = CommandCalls(redis);

            // From the client: the record script and the site day's script (digest and counters), in one batch; no read
            // ahead of them (every GET is the script's own, the publish too).
            Assert.AreEqual(2, Delta(before, after, "evalsha"), label);
            Assert.AreEqual(0, Delta(before, after, "eval"), label);
            Assert.AreEqual(1, Delta(before, after, "hincrby"), label + ": one counter for the whole choice");
            Assert.AreEqual(0, Delta(before, after, "lrange"), label + ": the old layout is read by the script, not the client");
            Assert.AreEqual(0, Delta(before, after, "mget"), label);
            Assert.AreEqual(1, Delta(before, after, "publish"), label + ": the invalidation is published by the script");
            Assert.AreEqual(0, Delta(before, after, "expire") + Delta(before, after, "pexpire"),
                label + ": the day's expiries, set by its first write a day longer than asked, are left as they are");
            Assert.AreEqual(1, Delta(before, after, "get"), label + ": the script's read of the record only");
            Assert.AreEqual(label == "a new visitor" ? 1 : 0, Delta(before, after, "exists"),
                label + ": one check that the old layout holds nothing, only when there is no record");
            Assert.AreEqual(0, Delta(before, after, "del"), label + ": no old layout to delete");
        }
        var state = await store.GetAsync(site, visitor, TestContext.CancellationToken);
        Assert.IsFalse(state!.Choices["analytics"]);
        var (receipts, chain) = await store.ReceiptsWithChainAsync(site, visitor, TestContext.CancellationToken);
        Assert.HasCount(2, receipts);
        Assert.IsTrue(chain.Verified);
        var day = DateOnly.FromDateTime(receipts[^1].Timestamp.UtcDateTime);
        var stats = await store.StatsAsync(site, Definition, 1, TestContext.CancellationToken);
        Assert.AreEqual(3L, stats.Single(s => s.Category == "marketing").OptOuts, "the site day's script counts each of the three writes");
        var statsTtl = await connection.GetDatabase().KeyTimeToLiveAsync(Keys.DailyStats(site, day));
        Assert.IsTrue(statsTtl > TimeSpan.FromDays(400) && statsTtl <= TimeSpan.FromDays(401),
            $"the counters are kept 400 days after the day's last write, at least: {statsTtl}");
    }

    [TestMethod]
    public async Task ADayCountedPerCategoryAnswer_StillReads_WithTheChoiceCountersAddedToIt()
    {
        using var connection = TestAssembly.Redis.Connect();
        var store = StoreOn(connection);
        var site = TestSites.UniqueId(TestContext);
        var first = Choice(store, site, ConsentIds.NewVisitorId(), analytics: true, marketing: false);
        await store.WriteAsync(first, TestContext.CancellationToken);
        var day = DateOnly.FromDateTime(first.Receipt.Timestamp.UtcDateTime);
        await store.WriteAsync(Choice(store, site, ConsentIds.NewVisitorId(), analytics: false, marketing: false),
            TestContext.CancellationToken);
        // What an older release wrote the same day: a counter per category answer.
        var database = connection.GetDatabase();
        await database.HashIncrementAsync(Keys.DailyStats(site, day), "analytics:in", 5);
        await database.HashIncrementAsync(Keys.DailyStats(site, day), "marketing:out", 5);

        var counters = await database.HashGetAllAsync(Keys.DailyStats(site, day));
        Assert.HasCount(4, counters, "two choices, two older counters");
        var stats = await store.StatsAsync(site, Definition, 1, TestContext.CancellationToken);
        var analytics = stats.Single(s => s.Category == "analytics" && s.Day == day);
        var marketing = stats.Single(s => s.Category == "marketing" && s.Day == day);
        Assert.AreEqual((6L, 1L), (analytics.OptIns, analytics.OptOuts));
        Assert.AreEqual((0L, 7L), (marketing.OptIns, marketing.OptOuts));

        // The digest and the day's index outlive the day's receipts (kept the consent's lifetime plus the retention).
        var keep = first.Lifetime + new RedisStoreOptions().ReceiptRetention;
        foreach (var key in new[] { Keys.DayDigest(site, day), Keys.DayDigestIndex(site, day) })
        {
            Assert.IsGreaterThan(keep, (await database.KeyTimeToLiveAsync(key))!.Value, key);
        }
    }

    [TestMethod]
    public async Task TwoInstancesWritingOneVisitorAtOnce_KeepEveryReceiptInOneVerifiedChain_AndTheCountersAndDigestMatch()
    {
        using var firstConnection = TestAssembly.Redis.Connect();
        using var secondConnection = TestAssembly.Redis.Connect();
        var (first, second) = (StoreOn(firstConnection), StoreOn(secondConnection));
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();
        const int each = 12;

        // Both start from "nothing stored"; every write after a lost race retries on the record the script answered with.
        async Task WriteMany(ConsentStore store, bool analytics)
        {
            for (var i = 0; i < each; i++)
            {
                await store.WriteAsync(Choice(store, site, visitor, analytics, i % 2 == 0), TestContext.CancellationToken);
            }
        }
        await Task.WhenAll(Task.Run(() => WriteMany(first, true)), Task.Run(() => WriteMany(second, false)));

        var (receipts, chain) = await first.ReceiptsWithChainAsync(site, visitor, TestContext.CancellationToken);
        Assert.HasCount(2 * each, receipts, "no receipt lost");
        Assert.IsTrue(chain.Verified, "one chain, never forked");
        Assert.HasCount(2 * each, receipts.Select(r => r.Id).Distinct());
        var day = DateOnly.FromDateTime(receipts[0].Timestamp.UtcDateTime);
        var verification = await first.VerifyDayAsync(site, day, TestContext.CancellationToken);
        Assert.IsTrue(verification.Verified, "the day's digest matches its chains after the retries took their tries back");
        Assert.AreEqual(2L * each, verification.RecordedReceipts);
        var stats = await first.StatsAsync(site, Definition, 1, TestContext.CancellationToken);
        var analytics = stats.Single(s => s.Category == "analytics");
        Assert.AreEqual((long)each, analytics.OptIns, "counters count each stored receipt once");
        Assert.AreEqual((long)each, analytics.OptOuts);
        var marketing = stats.Single(s => s.Category == "marketing");
        Assert.AreEqual(2L * each, marketing.OptIns + marketing.OptOuts);
    }

    [TestMethod]
    public async Task AWriteBasedOnAStaleRecord_IsPreparedAgainFromTheRealState_SoTheOtherWritersRefusalIsKept()
    {
        using var firstConnection = TestAssembly.Redis.Connect();
        using var secondConnection = TestAssembly.Redis.Connect();
        var (first, second) = (StoreOn(firstConnection), StoreOn(secondConnection));
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();
        // The first instance writes (and remembers) a grant of both; the second then refuses analytics.
        await first.WriteAsync(Choice(first, site, visitor, true, true), TestContext.CancellationToken);
        await second.WriteAsync(Choice(second, site, visitor, false, true), TestContext.CancellationToken);

        // The first instance records a Global Privacy Control opt-out from what it believes is stored.
        var seen = new List<ConsentState?>();
        var (stored, current) = await first.PrepareAndWriteAsync(site, visitor, state =>
        {
            seen.Add(state);
            return first.PrepareSignalOptOut(site, visitor, Definition, state, new ConsentSignals(false, true), SiteRevisions.Hash(Definition));
        }, TestContext.CancellationToken);

        Assert.HasCount(2, seen, "prepared on the remembered record, refused, prepared again on the stored one");
        Assert.IsTrue(seen[0]!.Choices["analytics"]);
        Assert.IsFalse(current!.Choices["analytics"]);
        Assert.IsNotNull(stored);
        var state = await second.GetAsync(site, visitor, TestContext.CancellationToken);
        Assert.IsFalse(state!.Choices["analytics"], "the other instance's refusal is not lost");
        Assert.IsFalse(state.Choices["marketing"], "the opt-out is stored");
        var (receipts, chain) = await second.ReceiptsWithChainAsync(site, visitor, TestContext.CancellationToken);
        Assert.HasCount(3, receipts);
        Assert.IsTrue(chain.Verified);
    }

    [TestMethod]
    public async Task NothingToStoreIsOnlyDecidedOnWhatIsStored_NotOnTheAssumptionOfANewVisitor()
    {
        using var firstConnection = TestAssembly.Redis.Connect();
        using var secondConnection = TestAssembly.Redis.Connect();
        var (first, second) = (StoreOn(firstConnection), StoreOn(secondConnection));
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();
        await first.WriteAsync(Choice(first, site, visitor, true, false), TestContext.CancellationToken);

        // The second instance does not know the visitor: "nothing stored" would make the preparation store a grant.
        var (stored, current) = await second.PrepareAndWriteAsync(site, visitor,
            state => state is null ? Choice(second, site, visitor, true, true) : null, TestContext.CancellationToken);

        Assert.IsNull(stored, "the refusal stored by the first instance was found, so nothing was written");
        Assert.IsFalse(current!.Choices["marketing"]);
        Assert.IsFalse((await first.GetAsync(site, visitor, TestContext.CancellationToken))!.Choices["marketing"]);
        Assert.HasCount(1, await first.ReceiptsAsync(site, visitor, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task AnErasedVisitorsKeptRefusal_IsTheStateAWriteIsPreparedFrom()
    {
        using var connection = TestAssembly.Redis.Connect();
        var store = StoreOn(connection);
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();
        await store.WriteAsync(Choice(store, site, visitor, false, true), TestContext.CancellationToken);
        await store.EraseAsync(site, visitor, TestContext.CancellationToken);

        ConsentState? seen = null;
        await store.PrepareAndWriteAsync(site, visitor, state =>
        {
            seen = state;
            return store.PrepareSignalOptOut(site, visitor, Definition, state, new ConsentSignals(false, true), SiteRevisions.Hash(Definition));
        }, TestContext.CancellationToken);

        Assert.IsFalse(seen!.Choices["analytics"], "the erasure's kept refusal");
        var state = await store.GetAsync(site, visitor, TestContext.CancellationToken);
        Assert.IsFalse(state!.Choices["analytics"], "still refused after the opt-out was stored");
        Assert.IsFalse(state.Choices["marketing"]);
        Assert.IsTrue(await TestAssembly.Database.KeyExistsAsync(Keys.Suppression(site, visitor)));
    }
}
