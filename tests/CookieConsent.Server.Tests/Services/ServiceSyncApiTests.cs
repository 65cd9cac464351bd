using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.HostedPages;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CookieConsent.Server.Tests.Services;

/// <summary>
/// Services over the real server and Redis: the admin API's rules, the opt-out page, the bounce, and a sync code that
/// works once, for its site and return URL, within 60 seconds, and only with the site's key.
/// </summary>
[TestClass]
public sealed class ServiceSyncApiTests
{
    private const string ReturnUrl = "https://shop.example/products/tea?x=1";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancellation => TestContext.CancellationToken;

    [TestMethod]
    public async Task OptedOutBrowser_CodeExchange_RefusesTheCoveredCategoriesWithReasonServiceOptOut_AndWritesAServiceReceipt()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (service, site, key, _, _) = await CreateServiceAsync(api);
        await OptOutAsync(browser, service);

        var code = await BounceAsync(browser, site, ReturnUrl);
        var visitor = TestApi.NewVisitor();
        var answer = await ExchangeAsync(api, site, key, code, ReturnUrl, visitor);

        Assert.IsTrue(answer.OptedOut);
        Assert.AreEqual(service, answer.Service);
        Assert.IsNotNull(answer.Consent);
        var decisions = await api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.ServiceOptOut), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.ServiceOptOut), decisions.Categories[2]);
        var verified = await api.VerifyAsync(site, key, answer.Consent.Cookie.Value);
        Assert.AreEqual(DecisionReason.ServiceOptOut, verified.Categories[2].Reason, "the cookie carries the reason");
        var export = await api.ExportAsync(site, key, visitor);
        Assert.HasCount(1, export.Receipts);
        Assert.AreEqual(ConsentSource.Service, export.Receipts[0].Source);
        Assert.AreEqual(ConsentSurface.Service, export.Receipts[0].Surface);
        Assert.AreEqual(ConsentControl.RejectAll, export.Receipts[0].Control);
        Assert.AreEqual(ConsentEvent.Given, export.Receipts[0].Event);
        Assert.IsNotNull(export.Receipts[0].Revision, "the receipt names the site's notice");
        Assert.AreEqual("en", export.Receipts[0].Locale, "the locale the opt-out page was shown in");
        Assert.AreEqual(Pages.Wording.Version, export.Receipts[0].Wording, "the wording version that holds the opt-out page's words");
        var words = Pages.Wording.For(Pages.Wording.Parse(Pages.Wording.Json.Span), export.Receipts[0].Locale).ServiceOptOut;
        Assert.AreEqual("Opt out on every site", words?.OptOutButton, "the wording version reproduces the page's words");
        Assert.IsTrue(export.Chain?.Verified, "the service receipt is part of the visitor's chain");
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task GlobalPrivacyControl_CountsAsTheServiceOptOut_WhereTheSiteHonoursIt(bool honoured)
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (site, key) = await api.CreateSiteWithKeyAsync(TestSites.Default() with { HonorGlobalPrivacyControl = honoured }, "svc-gpc");
        using var put = await PutServiceAsync(api, TestSites.UniqueId(TestContext, "svc"), new ServiceDefinition("Analytics Co", [site], ["analytics", "marketing"]));
        await TestApi.Expect(put, HttpStatusCode.Created);
        var visitor = TestApi.NewVisitor();

        var answer = await ExchangeAsync(api, site, key, await BounceAsync(browser, site, ReturnUrl, gpc: true), ReturnUrl, visitor);

        Assert.AreEqual(honoured, answer.OptedOut, "a browser that never visited the opt-out page, sending Sec-GPC: 1");
        if (honoured)
        {
            var decisions = await api.GetConsentAsync(site, key, visitor);
            Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.ServiceOptOut), decisions.Categories[1]);
            Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.ServiceOptOut), decisions.Categories[2]);
        }
        else
        {
            Assert.IsNull(answer.Consent);
            Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Visitor(site, visitor)));
        }
    }

    [TestMethod]
    public async Task BrowserThatDidNotOptOut_CodeExchange_ChangesNothing()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (_, site, key, _, _) = await CreateServiceAsync(api);
        var visitor = TestApi.NewVisitor();

        var answer = await ExchangeAsync(api, site, key, await BounceAsync(browser, site, ReturnUrl), ReturnUrl, visitor);

        Assert.IsFalse(answer.OptedOut);
        Assert.IsNull(answer.Consent);
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Visitor(site, visitor)));
    }

    [TestMethod]
    public async Task ReplayedCode_IsRefused_AndNothingChanges()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (service, site, key, _, _) = await CreateServiceAsync(api);
        await OptOutAsync(browser, service);
        var code = await BounceAsync(browser, site, ReturnUrl);
        await ExchangeAsync(api, site, key, code, ReturnUrl, TestApi.NewVisitor());

        var other = TestApi.NewVisitor();
        await ExpectRefusedAsync(api, site, key, code, ReturnUrl, other);
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Visitor(site, other)));
    }

    [TestMethod]
    public async Task CodeOfAnotherSite_IsRefused_AndIsSpent()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (service, siteA, keyA, siteB, keyB) = await CreateServiceAsync(api);
        await OptOutAsync(browser, service);
        var code = await BounceAsync(browser, siteA, ReturnUrl);
        var visitor = TestApi.NewVisitor();

        await ExpectRefusedAsync(api, siteB, keyB, code, ReturnUrl, visitor);
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Visitor(siteB, visitor)));
        await ExpectRefusedAsync(api, siteA, keyA, code, ReturnUrl, visitor);
    }

    [TestMethod]
    public async Task CodeWithAnotherReturnUrl_IsRefused()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (service, site, key, _, _) = await CreateServiceAsync(api);
        await OptOutAsync(browser, service);
        var code = await BounceAsync(browser, site, ReturnUrl);
        var visitor = TestApi.NewVisitor();

        await ExpectRefusedAsync(api, site, key, code, "https://shop.example/other", visitor);
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Visitor(site, visitor)));
    }

    [TestMethod]
    public async Task ForgedCode_IsRefused()
    {
        var (api, _) = Clients(TestAssembly.Server);
        var (_, site, key, _, _) = await CreateServiceAsync(api);
        await ExpectRefusedAsync(api, site, key, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ReturnUrl, TestApi.NewVisitor());
    }

    [TestMethod]
    public async Task CodeOlderThan60Seconds_IsRefused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new ConsentServerFactory(TestAssembly.Redis.ConnectionString, time: clock);
        var (api, browser) = Clients(factory);
        var (service, site, key, _, _) = await CreateServiceAsync(api);
        await OptOutAsync(browser, service);
        var code = await BounceAsync(browser, site, ReturnUrl);

        clock.Advance(TimeSpan.FromSeconds(61));
        await ExpectRefusedAsync(api, site, key, code, ReturnUrl, TestApi.NewVisitor());
    }

    [TestMethod]
    public async Task CodeExchange_WithoutTheSiteKey_IsUnauthorized_AndTheCodeStillWorksForTheSite()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (service, site, key, _, keyB) = await CreateServiceAsync(api);
        await OptOutAsync(browser, service);
        var code = await BounceAsync(browser, site, ReturnUrl);
        var body = JsonContent.Create(new SyncExchangeRequest(code, ReturnUrl, TestApi.NewVisitor()));

        using var none = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/sync", null, body);
        using var otherKey = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/sync", keyB, body);

        Assert.AreEqual(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, otherKey.StatusCode);
        Assert.IsTrue((await ExchangeAsync(api, site, key, code, ReturnUrl, TestApi.NewVisitor())).OptedOut);
    }

    [TestMethod]
    [DataRow("https://evil.example/")]
    [DataRow("//evil.example/")]
    [DataRow("/local-path")]
    [DataRow("")]
    public async Task BounceToAReturnUrlTheSiteDoesNotAllow_IsA400Page_WithoutARedirect(string returnUrl)
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (_, site, _, _, _) = await CreateServiceAsync(api);

        using var response = await browser.Client.GetAsync($"/sync/{site}?returnUrl={Uri.EscapeDataString(returnUrl)}&state=s", Cancellation);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.IsNull(response.Headers.Location);
        StringAssert.StartsWith(response.Content.Headers.ContentType?.MediaType, "text/html");
        StringAssert.Contains(response.Headers.GetValues("Content-Security-Policy").Single(), "script-src 'none'");
    }

    [TestMethod]
    public async Task OptOutPage_OptBackIn_TheNextBounceSaysNotOptedOut_AndWithdrawsTheServiceRefusals()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (service, site, key, _, _) = await CreateServiceAsync(api);
        await OptOutAsync(browser, service);
        var visitor = TestApi.NewVisitor();
        await ExchangeAsync(api, site, key, await BounceAsync(browser, site, ReturnUrl), ReturnUrl, visitor);

        var (_, page, _) = await browser.GetAsync($"/optout/{service}", Cancellation);
        using var posted = await browser.SubmitAsync(page, "button[value=opt-in]", Cancellation);
        Assert.AreEqual(HttpStatusCode.SeeOther, posted.StatusCode);
        var answer = await ExchangeAsync(api, site, key, await BounceAsync(browser, site, ReturnUrl), ReturnUrl, visitor);

        Assert.IsFalse(answer.OptedOut);
        var decisions = await api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(DecisionReason.NoConsent, decisions.Categories[2].Reason, "back to the site's own (absent) choice");
        Assert.IsTrue(decisions.NeedsChoice);
    }

    [TestMethod]
    public async Task OptOutPost_WithoutAntiforgery_IsRefused_AndNothingIsStored()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (service, site, key, _, _) = await CreateServiceAsync(api);

        using var forged = await browser.Client.PostAsync($"/optout/{service}",
            new FormUrlEncodedContent([new("decision", "opt-out")]), Cancellation);

        Assert.AreEqual(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.IsFalse((await ExchangeAsync(api, site, key, await BounceAsync(browser, site, ReturnUrl), ReturnUrl, TestApi.NewVisitor())).OptedOut);
    }

    [TestMethod]
    public async Task PutService_UnknownSite_UnknownCategory_AndASiteOfAnotherService_AreRefused()
    {
        var (api, _) = Clients(TestAssembly.Server);
        var (service, site, _, _, _) = await CreateServiceAsync(api);
        var other = TestSites.UniqueId(TestContext, "other-service");

        using var unknownSite = await PutServiceAsync(api, other, new ServiceDefinition("X", ["no-such-site-0"], ["analytics"]));
        using var unknownCategory = await PutServiceAsync(api, other, new ServiceDefinition("X", [site], ["nope"]));
        using var taken = await PutServiceAsync(api, other, new ServiceDefinition("X", [site], ["analytics"]));
        using var noKey = await api.SendAsync(HttpMethod.Get, $"/v1/services/{service}", null);

        await ProblemAssert.IsValidationProblemAsync(unknownSite, "sites[0]");
        await ProblemAssert.IsValidationProblemAsync(unknownCategory, "categories[0]");
        Assert.AreEqual(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, noKey.StatusCode);
        using var missing = await api.SendAsync(HttpMethod.Get, $"/v1/services/{other}", ConsentServerFactory.AdminKey);
        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [TestMethod]
    public async Task DeletedService_ItsSitesNoLongerSync()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (service, site, key, _, _) = await CreateServiceAsync(api);
        await OptOutAsync(browser, service);

        using var deleted = await api.SendAsync(HttpMethod.Delete, $"/v1/services/{service}", ConsentServerFactory.AdminKey);
        await TestApi.Expect(deleted, HttpStatusCode.NoContent);
        var answer = await ExchangeAsync(api, site, key, await BounceAsync(browser, site, ReturnUrl), ReturnUrl, TestApi.NewVisitor());

        Assert.IsNull(answer.Service);
        Assert.IsFalse(answer.OptedOut);
    }

    private (TestApi Api, HostedPageBrowser Browser) Clients(WebApplicationFactory<Program> factory) =>
        (new TestApi(factory.CreateClient(), TestContext),
         new HostedPageBrowser(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })));

    private async Task<(string Service, string SiteA, string KeyA, string SiteB, string KeyB)> CreateServiceAsync(TestApi api)
    {
        var (siteA, keyA) = await api.CreateSiteWithKeyAsync(hint: "svc-a");
        var (siteB, keyB) = await api.CreateSiteWithKeyAsync(hint: "svc-b");
        var service = TestSites.UniqueId(TestContext, "svc");
        using var put = await PutServiceAsync(api, service, new ServiceDefinition("Analytics Co", [siteA, siteB], ["analytics", "marketing"]));
        await TestApi.Expect(put, HttpStatusCode.Created);
        return (service, siteA, keyA, siteB, keyB);
    }

    private Task<HttpResponseMessage> PutServiceAsync(TestApi api, string service, ServiceDefinition definition) =>
        api.SendAsync(HttpMethod.Put, $"/v1/services/{service}", ConsentServerFactory.AdminKey, JsonContent.Create(definition));

    private async Task OptOutAsync(HostedPageBrowser browser, string service)
    {
        var (response, page, _) = await browser.GetAsync($"/optout/{service}", Cancellation);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        using var posted = await browser.SubmitAsync(page, "button[value=opt-out]", Cancellation);
        Assert.AreEqual(HttpStatusCode.SeeOther, posted.StatusCode);
        var (_, after, _) = await browser.GetAsync($"/optout/{service}", Cancellation);
        StringAssert.Contains(after.QuerySelector(".cc-status")?.TextContent, "You have opted out");
    }

    private async Task<string> BounceAsync(HostedPageBrowser browser, string site, string returnUrl, bool gpc = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sync/{site}?returnUrl={Uri.EscapeDataString(returnUrl)}&state=the-sites-state");
        if (gpc)
        {
            request.Headers.Add("Sec-GPC", "1");
        }
        using var response = await browser.Client.SendAsync(request, Cancellation);
        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        StringAssert.StartsWith(location, returnUrl + "&cc_sync=", "back to the validated return URL");
        StringAssert.EndsWith(location, "&cc_state=the-sites-state");
        var query = location[(returnUrl.Length + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return query["cc_sync"];
    }

    private async Task<SyncExchangeResponse> ExchangeAsync(TestApi api, string site, string key, string code, string returnUrl, string visitor)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/sync", key,
            JsonContent.Create(new SyncExchangeRequest(code, returnUrl, visitor)));
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SyncExchangeResponse, Cancellation))!;
    }

    private async Task ExpectRefusedAsync(TestApi api, string site, string key, string code, string returnUrl, string visitor)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/sync", key,
            JsonContent.Create(new SyncExchangeRequest(code, returnUrl, visitor)));
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, await response.Content.ReadAsStringAsync(Cancellation));
        StringAssert.Contains(await response.Content.ReadAsStringAsync(Cancellation), "Invalid sync code");
    }
}
