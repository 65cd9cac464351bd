using System.Net;
using CookieConsent.Contracts;
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
    public async Task Erase_Answers204_AndRemovesStateAndReceipts_SecondErasureAlso204()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", true)));
        Assert.IsTrue(await TestAssembly.Database.KeyExistsAsync(Keys.Consent(site, visitor)));

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}", key);

        await TestApi.Expect(response, HttpStatusCode.NoContent);
        var left = await RedisSnapshot.TakeAsync(TestAssembly.Database, $"cc:{{{site}:{visitor}}}:*");
        Assert.IsEmpty(left.Entries, "nothing of the visitor remains: " + string.Join(", ", left.Entries.Keys));
        Assert.IsEmpty((await Api.ExportAsync(site, key, visitor)).Receipts);
        var decisions = await Api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.NoConsent), decisions.Categories[1]);

        using var again = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}", key);
        await TestApi.Expect(again, HttpStatusCode.NoContent);
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
        CollectionAssert.AreEqual(new[] { Keys.Consent(site, visitor), Keys.Receipts(site, visitor) }.Order().ToList(), removed);
        foreach (var (k, value) in after.Entries)
        {
            Assert.AreEqual(before.Entries[k], value, $"{k} changed");
        }
        Assert.IsTrue((await Api.GetConsentAsync(site, key, other)).IsAllowed("analytics"));
    }
}
