using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class EraseVisitorTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task Erase_Answers204_RemovesStateAndReceipts_KeepsOnlyASuppressionRecordOfTheRefusals()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        var refused = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)),
            ip: "203.0.113.77", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}", key);

        await TestApi.Expect(response, HttpStatusCode.NoContent);
        var left = await RedisSnapshot.TakeAsync(TestAssembly.Database, $"cc:{{{site}:{visitor}}}:*");
        CollectionAssert.AreEquivalent(
            new[] { Keys.Suppression(site, visitor), Keys.Visitor(site, visitor) }, left.Entries.Keys.ToArray());
        var record = (string)(await TestAssembly.Database.StringGetAsync(Keys.Suppression(site, visitor)))!;
        var erased = (byte[])(await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor)))!;
        foreach (var personal in new[] { "203.0.113", "Firefox", "Mozilla", refused.ReceiptId, "analytics" })
        {
            Assert.DoesNotContain(personal, record, "the suppression record keeps refusals only");
            Assert.DoesNotContain(personal, System.Text.Encoding.Latin1.GetString(erased), "the erasure's receipt keeps nothing either");
        }
        Assert.IsFalse(erased.AsSpan().IndexOf(Convert.FromHexString(refused.ReceiptId)) >= 0, "nor the erased receipts' ids");
        Assert.IsFalse(erased.AsSpan().IndexOf(new byte[] { 203, 0, 113 }) >= 0, "nor the address prefix");
        Assert.IsNull((await StoredVisitor.ReadAsync(site, visitor)).State, "no state is left");
        StringAssert.Contains(record, "marketing");
        Assert.AreEqual(ConsentEvent.Erased, (await Api.ExportAsync(site, key, visitor)).Receipts.Single().Event, "only the erasure is left");

        // The visitor who opted out stays opted out on this opt-out site; the grant is gone.
        var decisions = await Api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.NoConsent), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);

        using var again = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}", key);
        await TestApi.Expect(again, HttpStatusCode.NoContent);
        Assert.IsFalse((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("marketing"), "a second erasure keeps the refusal too");
    }

    [TestMethod]
    public async Task Erase_WritesARequestLogEntryWithoutPersonalData_ReadableWithTheSiteKey()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await Api.EraseAsync(site, key, visitor);
        await Api.EraseAsync(site, key, TestApi.NewVisitor());

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/requests", key);
        await TestApi.Expect(response, HttpStatusCode.OK);
        var raw = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.DoesNotContain(visitor, raw, "the log names no visitor");
        var log = System.Text.Json.JsonSerializer.Deserialize(raw, ConsentJsonContext.Default.PrivacyRequestLog)!;
        Assert.AreEqual(site, log.Site);
        Assert.HasCount(2, log.Entries);
        Assert.IsTrue(log.Entries.All(e => e.Type == PrivacyRequestType.Erasure && e.At >= before));
        CollectionAssert.AreEquivalent(
            new[] { PrivacyRequestOutcome.CompletedRefusalsKept, PrivacyRequestOutcome.Completed },
            log.Entries.Select(e => e.Outcome).ToArray());
        var ttl = await TestAssembly.Database.KeyTimeToLiveAsync(Keys.RequestLog(site));
        Assert.IsGreaterThan(TimeSpan.FromDays(729), ttl!.Value, "kept 24 months");

        using var anonymous = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/requests", null);
        Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [TestMethod]
    [DataRow(ConsentRegime.OptIn)]
    [DataRow(ConsentRegime.OptOut)]
    public async Task ErasedVisitorsOldCookie_VerifiesAsNoConsent_ExceptThatItsRefusalsAreKept(ConsentRegime regime)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = regime });
        var visitor = TestApi.NewVisitor();
        var cookie = (await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)))).Cookie.Value;
        Assert.IsTrue((await Api.VerifyAsync(site, key, cookie)).IsAllowed("analytics"));

        await Api.EraseAsync(site, key, visitor);
        var decisions = await Api.VerifyAsync(site, key, cookie);

        Assert.AreEqual(new CategoryDecision("analytics", regime == ConsentRegime.OptOut, DecisionReason.NoConsent), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);

        // A choice made after the erasure counts again (cookies carry whole seconds: one made in the erasure's own
        // second is read as older, which only errs towards "no").
        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.CancellationToken);
        var fresh = (await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)))).Cookie.Value;
        Assert.IsTrue((await Api.VerifyAsync(site, key, fresh)).IsAllowed("marketing"));
    }

    [TestMethod]
    public async Task Erase_UnknownVisitor_Answers204()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        await Api.EraseAsync(site, key, TestApi.NewVisitor());
    }

    [TestMethod]
    public async Task Erase_LeavesOtherVisitorsAndTheSiteUntouched()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var other = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        await Api.RecordAsync(site, key, other, TestSites.Choices(("analytics", true), ("marketing", false)));
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        await Api.EraseAsync(site, key, visitor);

        var after = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);
        var removed = before.Entries.Keys.Except(after.Entries.Keys).Order().ToList();
        Assert.IsEmpty(removed, "the visitor's key is rewritten, not removed");
        var added = after.Entries.Keys.Except(before.Entries.Keys).Order().ToList();
        CollectionAssert.AreEqual(new[] { Keys.Suppression(site, visitor), Keys.RequestLog(site) }.Order().ToList(), added);
        // The receipts become the erasure's one and the day's digest changes with them (ReceiptChainTests checks both);
        // the audit log gains the erasure's entry (AuditLogTests checks it); everything else of the site is as it was.
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        string[] changed = [Keys.Audit(site), Keys.Visitor(site, visitor), Keys.DayDigest(site, day)];
        foreach (var (k, value) in after.Entries.Where(e => before.Entries.ContainsKey(e.Key) && !changed.Contains(e.Key)))
        {
            Assert.AreEqual(before.Entries[k], value, $"{k} changed");
        }
        Assert.IsTrue((await Api.GetConsentAsync(site, key, other)).IsAllowed("analytics"));
    }
}
