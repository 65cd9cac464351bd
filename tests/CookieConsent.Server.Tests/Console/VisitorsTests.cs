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
    public async Task LookUp_OfARecordedGlobalPrivacyControl_SaysSoAsTheReason()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var visitor = TestApi.NewVisitor();
        using (var signal = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/visitors/{visitor}/consent/signal", key, null, [new("Sec-GPC", "1")]))
        {
            await TestApi.Expect(signal, HttpStatusCode.OK);
        }
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);

        var page = await console.GetAsync($"/admin/sites/{site}/visitors?visitor={visitor}");

        var decisions = page.Document.QuerySelectorAll("table")[0].QuerySelectorAll("tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent, r => string.Join("|", r.QuerySelectorAll("td").Select(c => c.TextContent)));
        Assert.AreEqual("denied|Global Privacy Control, recorded as the visitor's opt-out", decisions["marketing"]);
        Assert.AreEqual("allowed|no choice yet: the regime's default", decisions["analytics"]);
    }

    [TestMethod]
    public async Task ThePage_ListsTheSitesPrivacyRequests_ThroughTheApiAndTheConsole_WithoutVisitorIds()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var empty = await console.GetAsync($"/admin/sites/{site}/visitors");
        Assert.AreEqual("No erasure or export requests in the last 24 months.", empty.Document.QuerySelector("#requests + p")!.TextContent);

        using (await console.Http.GetAsync($"/admin/sites/{site}/visitors/{visitor}/receipts.json", Ct))
        {
        }
        await api.EraseAsync(site, key, visitor);
        var page = await console.GetAsync($"/admin/sites/{site}/visitors");

        var rows = page.Document.QuerySelectorAll("table.cx-requests tbody tr")
            .Select(r => string.Join("|", r.QuerySelectorAll("td").Skip(1).Select(c => c.TextContent))).ToArray();
        CollectionAssert.AreEquivalent(new[] { "erasure|completed; refusals kept as a suppression record", "export|completed" }, rows);
        Assert.DoesNotContain(visitor, page.Html);
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
        Assert.AreEqual(ConsentEvent.Erased, (await api.ExportAsync(site, key, visitor)).Receipts.Single().Event, "only the erasure is left");
        Assert.IsTrue((await api.GetConsentAsync(site, key, visitor)).Categories.All(c => c.Reason is DecisionReason.Required or DecisionReason.NoConsent));
        var audit = await console.GetAsync($"/admin/sites/{site}/audit");
        Assert.Contains("visitor.erased", audit.Document.QuerySelector("tbody tr")!.TextContent);
        Assert.DoesNotContain(visitor, audit.Html);
    }
}
