using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class ReceiptsExportTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task Export_ReturnsEveryReceiptOldestFirst()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var choices = new[]
        {
            TestSites.Choices(("analytics", true), ("marketing", true)),
            TestSites.Choices(("analytics", false), ("marketing", true)),
            TestSites.Choices(("analytics", false), ("marketing", false)),
        };
        var recorded = new List<RecordConsentResponse>();
        foreach (var choice in choices)
        {
            recorded.Add(await Api.RecordAsync(site, key, visitor, choice, ip: "198.51.100.23", userAgent: "Mozilla/5.0 Chrome/126.0 Safari/537.36"));
        }

        var export = await Api.ExportAsync(site, key, visitor);

        Assert.AreEqual(site, export.Site);
        Assert.AreEqual(visitor, export.Visitor);
        CollectionAssert.AreEqual(recorded.Select(r => r.ReceiptId).ToList(), export.Receipts.Select(r => r.Id).ToList());
        for (var i = 0; i < choices.Length; i++)
        {
            var receipt = export.Receipts[i];
            CollectionAssert.AreEquivalent(choices[i].ToList(), receipt.Choices.ToList());
            Assert.AreEqual(1, receipt.PolicyVersion);
            Assert.AreEqual("198.51.100.0/24", receipt.IpPrefix);
            Assert.AreEqual("Chrome", receipt.UserAgentFamily);
            Assert.AreEqual(recorded[i].State.GivenAt, receipt.Timestamp);
            Assert.AreEqual(recorded[i].State.ExpiresAt, receipt.ExpiresAt);
        }
        Assert.IsTrue(export.Receipts.Zip(export.Receipts.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
    }

    [TestMethod]
    public async Task Export_UnknownVisitor_IsEmpty()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        var export = await Api.ExportAsync(site, key, TestApi.NewVisitor());

        Assert.IsEmpty(export.Receipts);
    }

    [TestMethod]
    public async Task Export_OnlyThatVisitorsReceipts()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var other = TestApi.NewVisitor();
        var mine = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        await Api.RecordAsync(site, key, other, TestSites.Choices(("analytics", true), ("marketing", true)));

        var export = await Api.ExportAsync(site, key, visitor);

        Assert.AreEqual(mine.ReceiptId, export.Receipts.Single().Id);
        Assert.AreEqual(visitor, export.Receipts.Single().Visitor);
    }
}
