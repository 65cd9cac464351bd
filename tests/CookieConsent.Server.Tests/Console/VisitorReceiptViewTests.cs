using System.Net;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

[TestClass]
public sealed class VisitorReceiptViewTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task EachReceipt_ShowsItsEventControlAndRevision_AndThePageSaysTheChainVerifies()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var definition = TestSites.Default();
        var (site, key) = await api.CreateSiteWithKeyAsync(definition);
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);

        var page = await console.GetAsync($"/admin/sites/{site}/visitors?visitor={visitor}");

        page.AssertStatus(HttpStatusCode.OK);
        var rows = page.Document.QuerySelectorAll("table")[1].QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.HasCount(2, rows);
        Assert.Contains("withdrawn", rows[0], "newest first");
        Assert.Contains("given", rows[1]);
        Assert.IsTrue(rows.All(r => r.Contains("api", StringComparison.Ordinal) && r.Contains(SiteRevisions.Hash(definition)[..8], StringComparison.Ordinal)));
        Assert.Contains("The receipts' hash chain verifies.", page.Document.QuerySelector("p.cx-success[role=status]")!.TextContent);
    }

    [TestMethod]
    public async Task AReceiptEditedInRedis_MakesThePageSayWhereTheChainBreaks()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        await StoredVisitor.EditReceiptAsync(site, visitor, 0, r => r with { Choices = TestSites.Choices(("analytics", true), ("marketing", true)) });
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);

        var page = await console.GetAsync($"/admin/sites/{site}/visitors?visitor={visitor}");

        Assert.IsNull(page.Document.QuerySelector("p.cx-success[role=status]"));
        Assert.Contains("The hash chain breaks at receipt 2 (oldest first)", page.Document.QuerySelector("p.cx-error[role=status]")!.TextContent);
    }
}
