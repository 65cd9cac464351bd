using System.Net;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

[TestClass]
public sealed class VisitorsTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task LookUp_ShowsEachDecisionWithItsReason_AndTheReceipts()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var recorded = await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)), gpc: true);
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);

        var page = await console.GetAsync($"/admin/sites/{site}/visitors?visitor={visitor}");

        page.AssertStatus(HttpStatusCode.OK);
        var decisions = page.Document.QuerySelectorAll("table")[0].QuerySelectorAll("tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent, r => string.Join("|", r.QuerySelectorAll("td").Select(c => c.TextContent)));
        Assert.AreEqual("allowed|strictly necessary", decisions["necessary"]);
        Assert.AreEqual("allowed|the visitor's own choice", decisions["analytics"]);
        Assert.AreEqual("denied|the visitor refused: stands until they change it", decisions["marketing"]);
        var receipt = page.Document.QuerySelectorAll("table")[1].QuerySelector("tbody tr")!.TextContent;
        Assert.Contains(recorded.ReceiptId, receipt);
        Assert.Contains("GPC", receipt);
        Assert.Contains("banner", receipt);
    }

    [TestMethod]
    public async Task LookUp_OfAMalformedId_SaysSoNextToTheField()
    {
        var site = await new TestApi(TestAssembly.Server.CreateClient(), TestContext).CreateSiteAsync();
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);

        var page = await console.GetAsync($"/admin/sites/{site}/visitors?visitor=not-an-id");

        page.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains("base64url", page.ErrorFor("visitor")!);
    }

    [TestMethod]
    public async Task Export_IsTheApisReceiptDocument()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(TestSites.Default(), allowed: true));
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);

        var export = await console.GetAsync($"/admin/sites/{site}/visitors/{visitor}/receipts.json");

        export.AssertStatus(HttpStatusCode.OK);
        Assert.Contains("attachment", export.ContentHeaders.ContentDisposition!.ToString());
        var document = JsonSerializer.Deserialize(export.Html, ConsentJsonContext.Default.ReceiptExport)!;
        Assert.AreEqual((await api.ExportAsync(site, key, visitor)).Receipts.Single().Id, document.Receipts.Single().Id);
    }

    [TestMethod]
    public async Task Erase_AsksFirst_ThenTheApiHasNothingLeft_AndTheAuditLogSaysSoWithoutTheVisitorId()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(TestSites.Default(), allowed: true));
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var lookup = await console.GetAsync($"/admin/sites/{site}/visitors?visitor={visitor}");

        var confirm = await console.GetAsync(lookup.Document.QuerySelector($"a[href$='/visitors/{visitor}/erase']")!.GetAttribute("href")!);
        Assert.HasCount(1, (await api.ExportAsync(site, key, visitor)).Receipts, "asking erases nothing");
        var erased = await console.SubmitAsync(confirm, $"form[action='/admin/sites/{site}/visitors/{visitor}/erase']");

        Assert.AreEqual(HttpStatusCode.SeeOther, erased.Status);
        Assert.IsEmpty((await api.ExportAsync(site, key, visitor)).Receipts);
        Assert.IsTrue((await api.GetConsentAsync(site, key, visitor)).Categories.All(c => c.Reason is DecisionReason.Required or DecisionReason.NoConsent));
        var audit = await console.GetAsync($"/admin/sites/{site}/audit");
        Assert.Contains("visitor.erased", audit.Document.QuerySelector("tbody tr")!.TextContent);
        Assert.DoesNotContain(visitor, audit.Html);
    }
}
