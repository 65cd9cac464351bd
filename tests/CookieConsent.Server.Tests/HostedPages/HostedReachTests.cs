using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CookieConsent.Server.Tests.HostedPages;

/// <summary>
/// Hosted choices reach the site: a site sends its visitor to the hosted pages with a signed reference; the choice
/// is recorded for that visitor and the 303 back carries a single-use code the site exchanges with its key.
/// </summary>
[TestClass]
public sealed class HostedReachTests
{
    private const string ReturnUrl = "https://shop.example/privacy";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancellation => TestContext.CancellationToken;

    [TestMethod]
    public async Task DoNotSellWithAReference_IsRecordedForTheSitesVisitor_AndTheCodeBackHandsTheSiteItsCookie()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (site, key) = await api.CreateSiteWithKeyAsync(hint: "reach");
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = true });
        var reference = await ReferenceAsync(api, site, key, visitor, ReturnUrl);

        var (shown, page, _) = await browser.GetAsync(HostedUrl(site, "/do-not-sell", reference, "the-sites-state"), Cancellation);
        Assert.AreEqual(HttpStatusCode.OK, shown.StatusCode);
        using var posted = await browser.SubmitAsync(page, "button[value=do-not-sell]", Cancellation);

        Assert.AreEqual(HttpStatusCode.SeeOther, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        StringAssert.StartsWith(location, ReturnUrl + "?cc_sync=", "back to the return URL the reference names, with a code");
        StringAssert.EndsWith(location, "&cc_state=the-sites-state", "the site's state handed back untouched");
        var decisions = await api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.VisitorChoice), decisions.Categories[1], "kept");
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);
        var receipts = await api.ExportAsync(site, key, visitor);
        Assert.AreEqual(ConsentSurface.Hosted, receipts.Receipts[^1].Surface, "the hosted choice is the site visitor's receipt");

        var code = Code(location);
        var answer = await ExchangeAsync(api, site, key, code, ReturnUrl, TestApi.NewVisitor());
        Assert.IsNotNull(answer.Consent, "the site gets the choice and a cookie for it");
        Assert.AreEqual(visitor, answer.Consent.Decisions.Visitor, "for the visitor the reference named");
        var verified = await api.VerifyAsync(site, key, answer.Consent.Cookie.Value);
        Assert.IsFalse(verified.Categories[2].Allowed, "the cookie says marketing is refused");

        await ExpectRefusedAsync(api, site, key, code, ReturnUrl);
    }

    [TestMethod]
    [DataRow("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [DataRow("not-a-reference")]
    public async Task ForgedReference_SendsTheVisitorBackToTheSite_WithoutACode_AndRecordsNothing(string forged)
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (site, key) = await api.CreateSiteWithKeyAsync(hint: "reach-forged");

        var (response, _, _) = await browser.GetAsync(HostedUrl(site, "/do-not-sell", forged, "st"), Cancellation);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual(ReturnUrl + "?cc_state=st", response.Headers.Location!.OriginalString);
        Assert.IsFalse(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)),
            "no form to post, no cookie kept");
    }

    [TestMethod]
    public async Task ReferenceOfAnotherSite_IsRefused()
    {
        var (api, browser) = Clients(TestAssembly.Server);
        var (siteA, keyA) = await api.CreateSiteWithKeyAsync(hint: "reach-a");
        var (siteB, _) = await api.CreateSiteWithKeyAsync(hint: "reach-b");
        var reference = await ReferenceAsync(api, siteA, keyA, TestApi.NewVisitor(), ReturnUrl);

        var (response, _, _) = await browser.GetAsync(HostedUrl(siteB, "/do-not-sell", reference, "st"), Cancellation);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.DoesNotContain("cc_sync=", response.Headers.Location!.OriginalString);
    }

    [TestMethod]
    public async Task ReferenceThatExpiresBeforeThePost_RecordsNothing_AndTheVisitorLandsOnTheSite()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new ConsentServerFactory(TestAssembly.Redis.ConnectionString, time: clock);
        var (api, browser) = Clients(factory);
        var (site, key) = await api.CreateSiteWithKeyAsync(hint: "reach-expired");
        var visitor = TestApi.NewVisitor();
        var reference = await ReferenceAsync(api, site, key, visitor, ReturnUrl);
        var (_, page, _) = await browser.GetAsync(HostedUrl(site, "/do-not-sell", reference, "st"), Cancellation);

        clock.Advance(TimeSpan.FromMinutes(16));
        using var posted = await browser.SubmitAsync(page, "button[value=do-not-sell]", Cancellation);

        Assert.AreEqual(HttpStatusCode.SeeOther, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        Assert.DoesNotContain("cc_sync=", location);
        StringAssert.StartsWith(location, "https://shop.example/", "on the site");
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Consent(site, visitor)), "nothing recorded for the visitor");
    }

    [TestMethod]
    [DataRow("https://evil.example/")]
    [DataRow("/privacy")]
    [DataRow("javascript:alert(1)")]
    public async Task ReferenceForAReturnUrlTheSiteDoesNotAllow_IsAValidationProblem(string returnUrl)
    {
        var (api, _) = Clients(TestAssembly.Server);
        var (site, key) = await api.CreateSiteWithKeyAsync(hint: "reach-url");

        using var response = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/visitors/{TestApi.NewVisitor()}/hosted-reference", key,
            JsonContent.Create(new HostedReferenceRequest(returnUrl)));

        await ProblemAssert.IsValidationProblemAsync(response, "returnUrl");
    }

    [TestMethod]
    public async Task Reference_WithoutTheSiteKey_IsUnauthorized()
    {
        var (api, _) = Clients(TestAssembly.Server);
        var (site, _) = await api.CreateSiteWithKeyAsync(hint: "reach-key");

        using var response = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/visitors/{TestApi.NewVisitor()}/hosted-reference", null,
            JsonContent.Create(new HostedReferenceRequest(ReturnUrl)));

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string HostedUrl(string site, string page, string reference, string state) =>
        $"/consent/{site}{page}?returnUrl={Uri.EscapeDataString(ReturnUrl)}&cc_ref={Uri.EscapeDataString(reference)}&cc_state={state}";

    private static string Code(string location) =>
        location[(location.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=', 2))
            .Single(p => p[0] == "cc_sync")[1];

    private (TestApi Api, HostedPageBrowser Browser) Clients(WebApplicationFactory<Program> factory) =>
        (new TestApi(factory.CreateClient(), TestContext),
         new HostedPageBrowser(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })));

    private async Task<string> ReferenceAsync(TestApi api, string site, string key, string visitor, string returnUrl)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/visitors/{visitor}/hosted-reference", key,
            JsonContent.Create(new HostedReferenceRequest(returnUrl)));
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.HostedReferenceResponse, Cancellation))!.Reference;
    }

    private async Task<SyncExchangeResponse> ExchangeAsync(TestApi api, string site, string key, string code, string returnUrl, string visitor)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/sync", key,
            JsonContent.Create(new SyncExchangeRequest(code, returnUrl, visitor)));
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SyncExchangeResponse, Cancellation))!;
    }

    private async Task ExpectRefusedAsync(TestApi api, string site, string key, string code, string returnUrl)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/sync", key,
            JsonContent.Create(new SyncExchangeRequest(code, returnUrl, TestApi.NewVisitor())));
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, "a replayed code");
    }
}
