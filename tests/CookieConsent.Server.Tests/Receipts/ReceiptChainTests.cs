using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Receipts;

[TestClass]
public sealed class ReceiptChainTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    // Three receipts for the visitor and one for a bystander whose chain must keep verifying.
    private async Task<(string Site, string Key, string Visitor, string Other)> ThreeReceiptsAsync()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var (visitor, other) = (TestApi.NewVisitor(), TestApi.NewVisitor());
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        await Api.RecordAsync(site, key, other, TestSites.Choices(("analytics", true), ("marketing", false)));
        return (site, key, visitor, other);
    }

    private async Task<SiteDayVerification> VerifyDayAsync(string site, DateOnly? day = null)
    {
        using var response = await Api.SendAsync(HttpMethod.Get,
            $"/v1/sites/{site}/receipts/verify?day={(day ?? Today):yyyy-MM-dd}", ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteDayVerification, TestContext.CancellationToken))!;
    }

    [TestMethod]
    public async Task AnUntouchedChain_Verifies_ForTheVisitorAndForTheSiteDay()
    {
        var (site, key, visitor, _) = await ThreeReceiptsAsync();

        var export = await Api.ExportAsync(site, key, visitor);
        var day = await VerifyDayAsync(site);

        Assert.AreEqual(new ReceiptChainCheck(true, null, export.Chain!.Head), export.Chain);
        Assert.IsNull(export.Receipts[0].Previous);
        Assert.IsTrue(export.Receipts.Skip(1).All(r => r.Previous is { Length: 22 }));
        Assert.IsTrue(day.Verified);
        Assert.IsTrue(day.DigestMatches);
        Assert.AreEqual(4, day.Receipts);
        Assert.AreEqual(4, day.RecordedReceipts);
        Assert.IsEmpty(day.Broken);
    }

    [TestMethod]
    [DataRow(0, 1, DisplayName = "the first receipt edited: the second no longer links")]
    [DataRow(1, 2, DisplayName = "the middle receipt edited: the third no longer links")]
    [DataRow(2, 3, DisplayName = "the newest receipt edited: the head no longer names it")]
    public async Task AReceiptEditedInRedis_IsDetected_ByTheVisitorCheckAndTheSiteDayCheck(int edited, int brokenAt)
    {
        var (site, key, visitor, other) = await ThreeReceiptsAsync();
        var before = await StoredVisitor.ReceiptsAsync(site, visitor);
        // Flip the refusals into grants (or a grant into a refusal), as someone rewriting history would, encoded as the
        // server encodes a receipt.
        await StoredVisitor.EditReceiptAsync(site, visitor, edited, StoredVisitor.Flipped);
        var after = await StoredVisitor.ReceiptsAsync(site, visitor);
        Assert.AreNotEqual(before[edited].Choices["marketing"], after[edited].Choices["marketing"], "the receipt now says otherwise");

        await AssertBrokenAsync(site, key, visitor, other, brokenAt, expectedReceipts: 4);
    }

    [TestMethod]
    [DataRow(0, 0, DisplayName = "the first deleted: the new first links to a receipt that is gone")]
    [DataRow(1, 1, DisplayName = "the middle deleted")]
    [DataRow(2, 2, DisplayName = "the newest deleted: the head names a receipt that is gone")]
    public async Task AReceiptDeletedInRedis_IsDetected_ByTheVisitorCheckAndTheSiteDayCheck(int deleted, int brokenAt)
    {
        var (site, key, visitor, other) = await ThreeReceiptsAsync();
        await StoredVisitor.RewriteReceiptsAsync(site, visitor, (receipts, _) => receipts.Where((_, i) => i != deleted).Select(r => r.Bytes));
        Assert.AreEqual(2, await StoredVisitor.ReceiptCountAsync(site, visitor));

        await AssertBrokenAsync(site, key, visitor, other, brokenAt, expectedReceipts: 3);
    }

    [TestMethod]
    public async Task TwoReceiptsReordered_AreDetected_ByTheVisitorCheckAndTheSiteDayCheck()
    {
        var (site, key, visitor, other) = await ThreeReceiptsAsync();
        await StoredVisitor.RewriteReceiptsAsync(site, visitor, (receipts, _) => [receipts[1].Bytes, receipts[0].Bytes, receipts[2].Bytes]);

        var export = await Api.ExportAsync(site, key, visitor);
        var day = await VerifyDayAsync(site);

        Assert.AreEqual(new ReceiptChainCheck(false, 0, export.Chain!.Head), export.Chain, "the first no longer starts the chain");
        Assert.IsFalse(day.Verified);
        Assert.IsTrue(day.DigestMatches, "the same receipts, in another order: only the chain tells");
        Assert.AreEqual(new BrokenChain(visitor, 0), day.Broken.Single());
        Assert.IsTrue((await Api.ExportAsync(site, key, other)).Chain!.Verified);
    }

    [TestMethod]
    public async Task AnErasedVisitor_HasAVerifiedChainHeadedByTheErasedEvent_AndTheDayStillVerifies()
    {
        var (site, key, visitor, other) = await ThreeReceiptsAsync();

        await Api.EraseAsync(site, key, visitor);
        var export = await Api.ExportAsync(site, key, visitor);
        var day = await VerifyDayAsync(site);

        var erased = export.Receipts.Single();
        Assert.AreEqual(ConsentEvent.Erased, erased.Event);
        Assert.IsEmpty(erased.Choices);
        Assert.IsNull(erased.IpPrefix);
        Assert.IsNull(erased.UserAgentFamily);
        Assert.IsNull(erased.Previous, "the head of a new chain");
        Assert.IsTrue(export.Chain!.Verified);
        Assert.IsTrue(day.Verified, string.Join(", ", day.Broken));
        Assert.AreEqual(2, day.Receipts, "the erasure and the bystander's receipt");

        // A choice after the erasure starts over as "given", chained to the erasure.
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
        var after = await Api.ExportAsync(site, key, visitor);
        Assert.AreEqual(ConsentEvent.Given, after.Receipts[1].Event);
        Assert.IsTrue(after.Chain!.Verified);
        Assert.IsTrue((await VerifyDayAsync(site)).Verified);
        Assert.IsTrue((await Api.ExportAsync(site, key, other)).Chain!.Verified);
    }

    [TestMethod]
    public async Task ConcurrentChoicesOfOneVisitor_StillFormOneChain_AndTheDayCountsEachOnce()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        // Eight at once: far more than a double click, within the turns a write may take on the head.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", i % 2 == 0), ("marketing", false)))));

        var export = await Api.ExportAsync(site, key, visitor);
        var day = await VerifyDayAsync(site);
        Assert.HasCount(8, export.Receipts);
        Assert.IsTrue(export.Chain!.Verified, "no two receipts link to the same predecessor");
        Assert.AreEqual(1, export.Receipts.Count(r => r.Event == ConsentEvent.Given));
        Assert.IsTrue(day.Verified);
        Assert.AreEqual(8, day.RecordedReceipts, "a write that had to retry is not counted twice");
        var stats = await Api.StatsAsync(site, key);
        Assert.AreEqual(8, stats.Days.Where(d => d.Category == "marketing").Sum(d => d.OptOuts));
    }

    [TestMethod]
    public async Task VerifyDay_WithAMalformedDay_Answers400NamingIt()
    {
        var site = await Api.CreateSiteAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/receipts/verify?day=2026-13-01", ConsentServerFactory.AdminKey);

        await ProblemAssert.IsValidationProblemAsync(response, "day");
    }

    [TestMethod]
    public async Task VerifyDay_NeedsTheAdminKey()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/receipts/verify", key);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task AssertBrokenAsync(string site, string key, string visitor, string other, int brokenAt, long expectedReceipts)
    {
        var export = await Api.ExportAsync(site, key, visitor);
        var day = await VerifyDayAsync(site);

        Assert.IsFalse(export.Chain!.Verified);
        Assert.AreEqual(brokenAt, export.Chain.BrokenAt);
        Assert.IsFalse(day.Verified);
        Assert.IsFalse(day.DigestMatches, "the recomputed digest differs from the running one");
        Assert.AreEqual(expectedReceipts, day.Receipts);
        Assert.AreEqual(4, day.RecordedReceipts);
        Assert.AreEqual(new BrokenChain(visitor, brokenAt), day.Broken.Single(), "only the tampered visitor's chain broke");
        Assert.IsTrue((await Api.ExportAsync(site, key, other)).Chain!.Verified);
    }
}
