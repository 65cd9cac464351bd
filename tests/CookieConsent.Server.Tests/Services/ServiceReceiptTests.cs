using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Services;
using CookieConsent.Server.Tests.HostedPages;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CookieConsent.Server.Tests.Services;

/// <summary>
/// The service-level visitor's own receipts, over the real server and Redis: every opt-out and opt-back-in on
/// <c>/optout/{service}</c> is a linked receipt, a "no" never expires, the old single record still reads and gets a
/// chain, tampering is detected, and the visitor and the admin API can both export them.
/// </summary>
[TestClass]
public sealed class ServiceReceiptTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancellation => TestContext.CancellationToken;

    [TestMethod]
    public async Task OptOut_OptBackIn_OptOut_AppendsThreeLinkedServiceReceipts_AndTheStateFollowsTheLast()
    {
        var (api, browser) = Clients();
        var service = await CreateServiceAsync(api);

        var visitor = await DecideAsync(browser, service, "opt-out");
        Assert.AreEqual(visitor, await DecideAsync(browser, service, "opt-in"), "the same service visitor");
        await DecideAsync(browser, service, "opt-out");

        var export = await ExportAsync(api, service, visitor);
        Assert.IsTrue(export.Chain.Verified);
        Assert.IsTrue(export.OptedOut);
        Assert.HasCount(3, export.Receipts);
        CollectionAssert.AreEqual(
            new ConsentControl?[] { ConsentControl.RejectAll, ConsentControl.Save, ConsentControl.RejectAll },
            export.Receipts.Select(r => r.Control).ToArray());
        CollectionAssert.AreEqual(
            new ConsentEvent?[] { ConsentEvent.Given, ConsentEvent.Changed, ConsentEvent.Changed },
            export.Receipts.Select(r => r.Event).ToArray());
        Assert.IsNull(export.Receipts[0].Previous, "the first receipt links to nothing");
        Assert.IsNotNull(export.Receipts[1].Previous);
        Assert.AreEqual(3, export.Receipts.Select(r => r.Id).Distinct().Count());
        foreach (var receipt in export.Receipts)
        {
            Assert.AreEqual(ConsentSource.Service, receipt.Source);
            Assert.AreEqual(ConsentSurface.Service, receipt.Surface);
            Assert.AreEqual(service, receipt.Site);
            Assert.AreEqual(visitor, receipt.Visitor);
            Assert.AreEqual("en", receipt.Locale);
            Assert.AreEqual(Pages.Wording.Version, receipt.Wording);
        }
        CollectionAssert.AreEquivalent(new[] { "analytics", "marketing" }, export.Receipts[0].Choices.Keys.ToArray());
        Assert.IsTrue(export.Receipts[0].Choices.Values.All(allowed => !allowed), "the covered categories refused");
        Assert.IsEmpty(export.Receipts[1].Choices, "opting back in withdraws the refusal and grants nothing");
    }

    [TestMethod]
    public async Task OptOut_NeverLapses_WhileOptingBackIn_IsKeptForTheReceiptRetention()
    {
        var (api, browser) = Clients();
        var service = await CreateServiceAsync(api);

        var visitor = await DecideAsync(browser, service, "opt-out");
        var database = TestAssembly.Database;
        Assert.IsNull(await database.KeyTimeToLiveAsync(ServiceVisitorKeys.Receipts(service, visitor)), "an opted-out visitor's receipts have no expiry");
        Assert.IsNull(await database.KeyTimeToLiveAsync(ServiceVisitorKeys.Head(service, visitor)), "nor does the state");

        await DecideAsync(browser, service, "opt-in");
        var ttl = await database.KeyTimeToLiveAsync(ServiceVisitorKeys.Receipts(service, visitor));
        Assert.IsNotNull(ttl);
        Assert.IsGreaterThan(TimeSpan.FromDays(3 * 365 - 1), ttl.Value, "kept as long as receipts are");
        Assert.IsNotNull(await database.KeyTimeToLiveAsync(ServiceVisitorKeys.Head(service, visitor)));
        var (_, page, _) = await browser.GetAsync($"/optout/{service}", Cancellation);
        StringAssert.Contains(page.QuerySelector(".cc-status")?.TextContent, "You have not opted out");
        Assert.HasCount(2, (await ExportAsync(api, service, visitor)).Receipts, "opting back in is a receipt, not a deletion");
    }

    [TestMethod]
    public async Task OldSingleOptOutRecord_StillReadsAsOptedOut_AndStartsTheChainOnTheNextChange()
    {
        var (api, browser) = Clients();
        var service = await CreateServiceAsync(api);
        var visitor = await DecideAsync(browser, service, "opt-out");
        var since = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
        // The visitor's data as the build before receipt chains wrote it: one record, no chain.
        await TestAssembly.Database.KeyDeleteAsync([ServiceVisitorKeys.Receipts(service, visitor), ServiceVisitorKeys.Head(service, visitor)]);
        await TestAssembly.Database.StringSetAsync(Keys.ServiceOptOut(service, visitor),
            $$"""{"since":"{{since:O}}","locale":"de","wording":"{{Pages.Wording.Version}}"}""", TimeSpan.FromDays(30));

        var (_, before, _) = await browser.GetAsync($"/optout/{service}", Cancellation);
        StringAssert.Contains(before.QuerySelector(".cc-status")?.TextContent, "You have opted out");
        var old = await ExportAsync(api, service, visitor);
        Assert.HasCount(1, old.Receipts);
        Assert.IsFalse(old.Chain.Verified, "nothing to verify the old record against");
        Assert.IsNull(old.Chain.BrokenAt, "and nothing is broken");
        Assert.AreEqual(since, old.Receipts[0].Timestamp);

        using var posted = await browser.SubmitAsync(before, "button[value=opt-in]", Cancellation);
        Assert.AreEqual(HttpStatusCode.SeeOther, posted.StatusCode);

        var after = await ExportAsync(api, service, visitor);
        Assert.IsTrue(after.Chain.Verified);
        Assert.IsFalse(after.OptedOut);
        Assert.HasCount(2, after.Receipts);
        Assert.AreEqual(old.Receipts[0].Id, after.Receipts[0].Id, "the old opt-out is the chain's first receipt");
        Assert.AreEqual(since, after.Receipts[0].Timestamp);
        Assert.AreEqual("de", after.Receipts[0].Locale);
        Assert.AreEqual(ConsentControl.Save, after.Receipts[1].Control);
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.ServiceOptOut(service, visitor)), "the old record is gone");
    }

    [TestMethod]
    public async Task EditedReceipt_IsDetected()
    {
        var (service, visitor, api) = await ThreeReceiptsAsync();
        var key = ServiceVisitorKeys.Receipts(service, visitor);
        var stored = (string)(await TestAssembly.Database.ListGetByIndexAsync(key, 1))!;
        await TestAssembly.Database.ListSetByIndexAsync(key, 1, stored.Replace("\"locale\":\"en\"", "\"locale\":\"de\"", StringComparison.Ordinal));
        Assert.AreNotEqual(stored, (string)(await TestAssembly.Database.ListGetByIndexAsync(key, 1))!, "the receipt was edited");

        var chain = (await ExportAsync(api, service, visitor)).Chain;
        Assert.IsFalse(chain.Verified);
        Assert.AreEqual(2, chain.BrokenAt, "the receipt after the edited one no longer links to it");
    }

    [TestMethod]
    public async Task EditedNewestReceipt_IsDetected()
    {
        var (service, visitor, api) = await ThreeReceiptsAsync();
        var key = ServiceVisitorKeys.Receipts(service, visitor);
        var stored = (string)(await TestAssembly.Database.ListGetByIndexAsync(key, 2))!;
        await TestAssembly.Database.ListSetByIndexAsync(key, 2, stored.Replace("\"locale\":\"en\"", "\"locale\":\"fr\"", StringComparison.Ordinal));

        var chain = (await ExportAsync(api, service, visitor)).Chain;
        Assert.IsFalse(chain.Verified);
        Assert.AreEqual(3, chain.BrokenAt, "the head names another receipt");
    }

    [TestMethod]
    public async Task DeletedReceipt_IsDetected()
    {
        var (service, visitor, api) = await ThreeReceiptsAsync();
        var key = ServiceVisitorKeys.Receipts(service, visitor);
        await TestAssembly.Database.ListRemoveAsync(key, (await TestAssembly.Database.ListGetByIndexAsync(key, 1)));

        var export = await ExportAsync(api, service, visitor);
        Assert.HasCount(2, export.Receipts);
        Assert.IsFalse(export.Chain.Verified);
        Assert.AreEqual(1, export.Chain.BrokenAt);
    }

    [TestMethod]
    public async Task DeletedNewestReceipt_IsDetected()
    {
        var (service, visitor, api) = await ThreeReceiptsAsync();
        await TestAssembly.Database.ListRightPopAsync(ServiceVisitorKeys.Receipts(service, visitor));

        var chain = (await ExportAsync(api, service, visitor)).Chain;
        Assert.IsFalse(chain.Verified);
        Assert.AreEqual(2, chain.BrokenAt);
    }

    [TestMethod]
    public async Task ReorderedReceipts_AreDetected()
    {
        var (service, visitor, api) = await ThreeReceiptsAsync();
        var key = ServiceVisitorKeys.Receipts(service, visitor);
        var first = await TestAssembly.Database.ListGetByIndexAsync(key, 0);
        var second = await TestAssembly.Database.ListGetByIndexAsync(key, 1);
        await TestAssembly.Database.ListSetByIndexAsync(key, 0, second);
        await TestAssembly.Database.ListSetByIndexAsync(key, 1, first);

        var chain = (await ExportAsync(api, service, visitor)).Chain;
        Assert.IsFalse(chain.Verified);
        Assert.AreEqual(0, chain.BrokenAt);
    }

    [TestMethod]
    public async Task AdminExport_RefusesMissingKey_BadVisitorId_AndAnswersNotFoundForAStranger()
    {
        var (api, _) = Clients();
        var service = await CreateServiceAsync(api);

        using var noKey = await api.SendAsync(HttpMethod.Get, $"/v1/services/{service}/visitors/{TestApi.NewVisitor()}/receipts", null);
        using var badId = await api.SendAsync(HttpMethod.Get, $"/v1/services/{service}/visitors/not-a-visitor/receipts", ConsentServerFactory.AdminKey);
        using var stranger = await api.SendAsync(HttpMethod.Get, $"/v1/services/{service}/visitors/{TestApi.NewVisitor()}/receipts", ConsentServerFactory.AdminKey);
        using var noService = await api.SendAsync(HttpMethod.Get, $"/v1/services/no-such-service-0/visitors/{TestApi.NewVisitor()}/receipts", ConsentServerFactory.AdminKey);

        Assert.AreEqual(HttpStatusCode.Unauthorized, noKey.StatusCode);
        await ProblemAssert.IsValidationProblemAsync(badId, "visitor");
        Assert.AreEqual(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.AreEqual("application/problem+json", stranger.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(HttpStatusCode.NotFound, noService.StatusCode);
    }

    [TestMethod]
    public async Task VisitorDownload_Json_ShowsEachReceiptWithTheOptOutPagesWordsInItsLanguage()
    {
        var (api, browser) = Clients();
        var service = await CreateServiceAsync(api);
        var visitor = await DecideAsync(browser, service, "opt-out", "de");
        await DecideAsync(browser, service, "opt-in", "fr");

        using var response = await browser.Client.GetAsync($"/optout/{service}/receipt", Cancellation);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(response.Content.Headers.ContentDisposition?.ToString(), "attachment");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        var records = json.RootElement.GetProperty("records");
        Assert.AreEqual(2, records.GetArrayLength());
        Assert.AreEqual(service, json.RootElement.GetProperty("piiControllers")[0].GetProperty("siteId").GetString());
        Assert.AreEqual("US-CA CCPA/CPRA", json.RootElement.GetProperty("jurisdiction").GetString(),
            "a service-wide opt-out is an opt-out regime's record, not an opt-in one");
        var optOut = records[0];
        Assert.AreEqual("de", optOut.GetProperty("language").GetString());
        Assert.AreEqual("A service's opt-out page", optOut.GetProperty("collectionMethod").GetString());
        Assert.AreEqual("Analytics Co auf allen Websites widersprechen", optOut.GetProperty("notice").GetProperty("title").GetString(),
            "the German words of the page, from the wording version the receipt names");
        Assert.IsTrue(optOut.GetProperty("notice").GetProperty("reproduced").GetBoolean());
        Assert.IsFalse(optOut.GetProperty("choices").GetProperty("marketing").GetBoolean());
        Assert.AreEqual("fr", records[1].GetProperty("language").GetString());
        Assert.AreEqual("Refuser Analytics Co sur tous les sites", records[1].GetProperty("notice").GetProperty("title").GetString());
        Assert.AreEqual(records[0].GetProperty("consentReceiptID").GetString(), (await ExportAsync(api, service, visitor)).Receipts[0].Id,
            "the same receipts as the admin export");
    }

    [TestMethod]
    public async Task VisitorDownload_Html_IsAPageToKeep_InTheVisitorsLanguage_AndWithoutACookieThereIsNone()
    {
        var (api, browser) = Clients();
        var service = await CreateServiceAsync(api);
        using var stranger = await browser.Client.GetAsync($"/optout/{service}/receipt.html", Cancellation);
        Assert.AreEqual(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.AreEqual("text/html", stranger.Content.Headers.ContentType?.MediaType);

        await DecideAsync(browser, service, "opt-out", "es");
        var (page, document, html) = await browser.GetAsync($"/optout/{service}/receipt.html", Cancellation, ("Accept-Language", "es"));

        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.AreEqual("es", document.DocumentElement.GetAttribute("lang"));
        StringAssert.Contains(page.Headers.GetValues("Content-Security-Policy").Single(), "default-src 'none'");
        StringAssert.Contains(html, "Excluirse de Analytics Co en todos los sitios");
        Assert.IsEmpty(document.QuerySelectorAll("script"));
        var (_, optOutPage, _) = await browser.GetAsync($"/optout/{service}", Cancellation);
        Assert.IsNotNull(optOutPage.QuerySelector($"a[href='/optout/{service}/receipt.html']"), "the opt-out page links to the download");
    }

    private async Task<(string Service, string Visitor, TestApi Api)> ThreeReceiptsAsync()
    {
        var (api, browser) = Clients();
        var service = await CreateServiceAsync(api);
        var visitor = await DecideAsync(browser, service, "opt-out");
        await DecideAsync(browser, service, "opt-in");
        await DecideAsync(browser, service, "opt-out");
        Assert.IsTrue((await ExportAsync(api, service, visitor)).Chain.Verified, "untouched, the chain verifies");
        return (service, visitor, api);
    }

    private (TestApi Api, HostedPageBrowser Browser) Clients() =>
        (new TestApi(TestAssembly.Server.CreateClient(), TestContext),
         new HostedPageBrowser(TestAssembly.Server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })));

    private async Task<string> CreateServiceAsync(TestApi api)
    {
        var (siteA, _) = await api.CreateSiteWithKeyAsync(hint: "rcpt-a");
        var service = TestSites.UniqueId(TestContext, "svc-rcpt");
        using var put = await api.SendAsync(HttpMethod.Put, $"/v1/services/{service}", ConsentServerFactory.AdminKey,
            JsonContent.Create(new ServiceDefinition("Analytics Co", [siteA], ["analytics", "marketing"])));
        await TestApi.Expect(put, HttpStatusCode.Created);
        return service;
    }

    // Posts the page's button for the decision; returns the service visitor named by the consent server's cookie.
    private async Task<string> DecideAsync(HostedPageBrowser browser, string service, string decision, string language = "en")
    {
        var (response, page, _) = await browser.GetAsync($"/optout/{service}", Cancellation, ("Accept-Language", language));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        using var posted = await browser.SubmitAsync(page, $"button[value={decision}]", Cancellation, null, ("Accept-Language", language));
        Assert.AreEqual(HttpStatusCode.SeeOther, posted.StatusCode);
        return posted.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0].Split('=', 2))
            .Single(c => c[0] == "cc_service_visitor")[1];
    }

    private async Task<ServiceReceiptExport> ExportAsync(TestApi api, string service, string visitor)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/v1/services/{service}/visitors/{visitor}/receipts", ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ServiceReceiptExport, Cancellation))!;
    }
}
