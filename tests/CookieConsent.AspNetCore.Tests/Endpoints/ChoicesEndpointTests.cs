using System.Net;
using System.Text.Json;
using CookieConsent.AspNetCore.Tests.Infrastructure;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;

namespace CookieConsent.AspNetCore.Tests.Endpoints;

[TestClass]
public sealed class ChoicesEndpointTests
{
    private static Dictionary<string, string> Form(string decision, string? returnUrl = "/products?page=2", params (string, string)[] radios)
    {
        var form = new Dictionary<string, string> { ["decision"] = decision };
        if (returnUrl is not null)
        {
            form["returnUrl"] = returnUrl;
        }
        foreach (var (name, value) in radios)
        {
            form[name] = value;
        }
        return form;
    }

    [TestMethod]
    public async Task AcceptAll_RecordsEveryOptionalCategory_SetsTheFirstPartyCookie_And303sBack()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices", Form("accept-all"), headers: [("User-Agent", "Mozilla/5.0 Test")]);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual("/products?page=2", response.Headers.Location!.OriginalString);
        var recorded = api.Recorded.Single();
        Assert.AreEqual("shop", recorded.Site);
        Assert.IsTrue(ConsentIds.IsValidVisitor(recorded.Visitor));
        CollectionAssert.AreEquivalent(new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = true }, recorded.Request.Choices.ToDictionary());
        Assert.AreEqual(ConsentSource.Banner, recorded.Request.Source);
        Assert.AreEqual("Mozilla/5.0 Test", recorded.Request.UserAgent);

        var cookie = TestSite.SetCookies(response).Single(c => c.Name == "cc_consent");
        Assert.AreEqual("minted-1", cookie.Value.Value);
        Assert.IsTrue(cookie.HttpOnly);
        Assert.IsTrue(cookie.Secure);
        Assert.AreEqual("/", cookie.Path.Value);
        Assert.AreEqual(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.AreEqual(TimeSpan.FromSeconds(3600), cookie.MaxAge);
        Assert.AreEqual("accepted", TestSite.SetCookies(response).Single(c => c.Name == "cc_notice").Value.Value);
    }

    [TestMethod]
    [DataRow("accept-all")]
    [DataRow("reject-all")]
    public async Task RecordedFormPost_IsAnsweredWithTkU_EvenWithDnt(string decision)
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        using var response = await site.PostFormAsync("/consent/choices", Form(decision), headers: [("DNT", "1")]);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual("U", response.Headers.GetValues("Tk").Single());
    }

    [TestMethod]
    public async Task RefusedFormPost_DoesNotClaimAnUpdatedTrackingStatus()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        using var response = await site.PostFormAsync("/consent/choices", Form("maybe"), headers: [("DNT", "1")]);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("N", response.Headers.GetValues("Tk").Single());
    }

    [TestMethod]
    public async Task PlainHttpDevelopment_CookiesWithoutSecure()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(), o => o.Secure = false);

        using var response = await site.PostFormAsync("/consent/choices", Form("reject-all"));

        Assert.IsFalse(TestSite.SetCookies(response).Single(c => c.Name == "cc_consent").Secure);
    }

    [TestMethod]
    public async Task RejectAll_RecordsRefusal_AndExpiresTheRequestsCookiesOfRefusedCategories()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices", Form("reject-all"), cookies: "_ga=1; _ga_XYZ=2; mkt_px=3; session=4; other=5");

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.IsTrue(api.Recorded.Single().Request.Choices.Values.All(allowed => !allowed));
        var expired = TestSite.SetCookies(response).Where(c => c.Expires < DateTimeOffset.UtcNow).Select(c => c.Name.Value).ToArray();
        CollectionAssert.AreEquivalent(new[] { "_ga", "_ga_XYZ", "mkt_px" }, expired);
        Assert.AreEqual("rejected", TestSite.SetCookies(response).Single(c => c.Name == "cc_notice").Value.Value);
    }

    [TestMethod]
    public async Task Save_RecordsTheRadios_UnansweredCategoryIsRefused_AndWithdrawalExpiresItsCookies()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices", Form("save", "/", ("category-analytics", "yes")),
            cookies: "cc_consent=accept; _ga=1; mkt_px=3");

        var recorded = api.Recorded.Single();
        CollectionAssert.AreEquivalent(new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = false }, recorded.Request.Choices.ToDictionary());
        Assert.AreEqual(ConsentSource.Preferences, recorded.Request.Source);
        Assert.AreEqual(StubConsentApi.Visitor, recorded.Visitor, "the visitor id of the valid cookie is kept");
        var expired = TestSite.SetCookies(response).Where(c => c.Expires < DateTimeOffset.UtcNow).Select(c => c.Name.Value).ToArray();
        CollectionAssert.AreEquivalent(new[] { "mkt_px" }, expired);
        Assert.AreEqual("saved", TestSite.SetCookies(response).Single(c => c.Name == "cc_notice").Value.Value);
    }

    [TestMethod]
    public async Task ForgedCookie_GetsANewVisitorId()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        await site.PostFormAsync("/consent/choices", Form("accept-all"), cookies: "cc_consent=forged");

        var visitor = api.Recorded.Single().Visitor;
        Assert.AreNotEqual(StubConsentApi.Visitor, visitor);
        Assert.IsTrue(ConsentIds.IsValidVisitor(visitor));
    }

    [TestMethod]
    public async Task Signals_AreForwarded()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        await site.PostFormAsync("/consent/choices", Form("accept-all"), headers: [("DNT", "1"), ("Sec-GPC", "1")]);

        Assert.AreEqual(new ConsentSignals(true, true), api.Recorded.Single().Signals);
    }

    [TestMethod]
    public async Task AcceptAllWithGpc_RecordsSaleOrSharingRefused_AndAnswersWithTheConflictStep()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices", Form("accept-all"), headers: [("Sec-GPC", "1")]);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType!.MediaType);
        var recorded = api.Recorded.Single().Request;
        Assert.IsFalse(recorded.Choices["marketing"], "without confirmation the sale-or-sharing category stays refused");
        Assert.IsTrue(recorded.Choices["analytics"]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("name=\"confirm-over-gpc\" value=\"yes\"", html);
        Assert.Contains("name=\"category-marketing\" value=\"yes\"", html);
        Assert.Contains("action=\"/consent/choices\"", html);
        Assert.DoesNotContain("<script", html);
    }

    [TestMethod]
    public async Task ConfirmedOverGpc_RecordsTheAllow_And303s()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices",
            Form("save", "/", ("category-analytics", "yes"), ("category-marketing", "yes"), ("confirm-over-gpc", "yes")),
            headers: [("Sec-GPC", "1")]);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.IsTrue(api.Recorded.Single().Request.Choices["marketing"]);
    }

    [TestMethod]
    public async Task WithoutAntiforgeryToken_ApiClient_Gets400Problem_AndNothingRecordedOrSet()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices", Form("accept-all"), antiforgery: false,
            headers: ("Accept", "application/json"));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.IsEmpty(api.Recorded);
        Assert.IsFalse(TestSite.SetCookies(response).Any(c => c.Name == "cc_consent" || c.Name == "cc_notice"));
    }

    [TestMethod]
    [DataRow("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [DataRow(null)]
    public async Task BrowserPostWithoutTheAntiforgeryCookie_GetsAPageInItsLanguage_SayingCookiesAreNotKept(string? accept)
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);
        var (token, _) = await site.AntiforgeryAsync();
        var form = Form("accept-all", "/cart");
        form["__RequestVerificationToken"] = token;
        var headers = accept is null ? new[] { ("Accept-Language", "de-DE,de;q=0.9") } : [("Accept", accept), ("Accept-Language", "de-DE,de;q=0.9")];

        // The page set its antiforgery cookie, but a browser that refuses cookies never sends it back.
        using var response = await site.PostFormAsync("/consent/choices", form, antiforgery: false, headers: headers);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType!.MediaType);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.AreEqual("de", document.DocumentElement.GetAttribute("lang"));
        Assert.AreEqual("Ihre Wahl wurde nicht gespeichert", document.QuerySelector("h1")!.TextContent);
        StringAssert.Contains(document.QuerySelector(".cc-error")!.TextContent, "Ihr Browser speichert keine Cookies");
        Assert.AreEqual("/cart", document.QuerySelector("main a")!.GetAttribute("href"), "the way back is the form's own return URL");
        TestSupport.Markup.AssertScriptFree(document.DocumentElement.OuterHtml);
        Assert.IsEmpty(api.Recorded);
        Assert.IsFalse(TestSite.SetCookies(response).Any(c => c.Name == "cc_consent" || c.Name == "cc_notice"));
    }

    [TestMethod]
    public async Task BrowserPostWithAStaleToken_GetsAPageAskingToChooseAgain()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);
        var (token, _) = await site.AntiforgeryAsync();
        var (_, otherCookie) = await site.AntiforgeryAsync();
        var form = Form("accept-all", "//evil.example");
        form["__RequestVerificationToken"] = token;

        using var response = await site.PostFormAsync("/consent/choices", form, antiforgery: false, cookies: otherCookie,
            headers: ("Accept", "text/html"));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType!.MediaType);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        StringAssert.Contains(document.QuerySelector(".cc-error")!.TextContent, "This form has expired");
        Assert.AreEqual("/", document.QuerySelector("main a")!.GetAttribute("href"), "a foreign return URL is never linked");
        Assert.IsEmpty(api.Recorded);
    }

    [TestMethod]
    public async Task ServerFailure_Browser_GetsA503Page()
    {
        var api = new StubConsentApi { Failure = new ConsentApiException(503, new ProblemBody(null, "Store unavailable", 503, null)) };
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices", Form("accept-all"), headers: ("Accept", "text/html"));

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType!.MediaType);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "Your choice could not be saved just now");
    }

    [TestMethod]
    public async Task WithAnotherVisitorsAntiforgeryToken_400()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);
        var (token, _) = await site.AntiforgeryAsync();
        var (_, otherCookie) = await site.AntiforgeryAsync();

        var form = Form("accept-all");
        form["__RequestVerificationToken"] = token;
        using var response = await site.PostFormAsync("/consent/choices", form, antiforgery: false, cookies: otherCookie);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.IsEmpty(api.Recorded);
    }

    [TestMethod]
    [DataRow("maybe", null)]
    [DataRow("save", "perhaps")]
    public async Task InvalidFields_400_AndNothingRecorded(string decision, string? radio)
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);
        var form = Form(decision);
        if (radio is not null)
        {
            form["category-analytics"] = radio;
        }

        using var response = await site.PostFormAsync("/consent/choices", form);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.IsEmpty(api.Recorded);
    }

    [TestMethod]
    [DataRow("//evil.example")]
    [DataRow("/\\evil.example")]
    [DataRow("https:evil.example")]
    [DataRow("https://evil.example/")]
    [DataRow("javascript:alert(1)")]
    [DataRow("/%2F%2Fevil.example")]
    [DataRow("/%5Cevil.example")]
    [DataRow("%2F%2Fevil.example")]
    [DataRow("/%252F%252Fevil.example")]
    [DataRow("/\t/evil.example")]
    [DataRow("evil.example")]
    [DataRow("")]
    public async Task ForeignReturnUrl_LandsOnTheSiteRoot(string returnUrl)
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        using var response = await site.PostFormAsync("/consent/choices", Form("accept-all", returnUrl));

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual("/", response.Headers.Location!.OriginalString);
    }

    [TestMethod]
    public async Task ServerFailure_ApiClient_Gets503Problem_NoCookieSet()
    {
        var api = new StubConsentApi { Failure = new ConsentApiException(503, new ProblemBody(null, "Store unavailable", 503, null)) };
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices", Form("accept-all"), cookies: "_ga=1",
            headers: ("Accept", "application/json"));

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.IsEmpty(TestSite.SetCookies(response).Where(c => !c.Name.Value!.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)));
        Assert.IsTrue(site.Logs.Any(l => l.StartsWith("ConsentRecordFailed")));
    }

    [TestMethod]
    public async Task HangingServer_503_WithinTheClientTimeout()
    {
        var api = new StubConsentApi { Hang = true };
        await using var site = await TestSite.StartAsync(api, configureServices: services =>
            Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<CookieConsentClientOptions>(services,
                o => (o.Timeout, o.AttemptTimeout) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300))));
        // The stub hangs for verification too; the form post needs no cookie to verify.
        using var response = await site.PostFormAsync("/consent/choices", Form("accept-all"));

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [TestMethod]
    public async Task PolicyUnavailable_503()
    {
        var api = new StubConsentApi { PolicyFails = true };
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.PostFormAsync("/consent/choices", Form("accept-all"));

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.IsEmpty(api.Recorded);
    }

    [TestMethod]
    public async Task CustomPathBase_MovesTheFormEndpoints()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api, o => o.PathBase = "/privacy/cookies");

        using var moved = await site.PostFormAsync("/privacy/cookies/choices", Form("accept-all"));
        using var old = await site.PostFormAsync("/consent/choices", Form("accept-all"));

        Assert.AreEqual(HttpStatusCode.SeeOther, moved.StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, old.StatusCode);
    }

    [TestMethod]
    public async Task HideNotice_ClearsTheNoticeCookie_And303sBack()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        using var response = await site.PostFormAsync("/consent/notice/hide", new() { ["returnUrl"] = "/cart" }, antiforgery: false,
            cookies: "cc_notice=accepted");

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual("/cart", response.Headers.Location!.OriginalString);
        var notice = TestSite.SetCookies(response).Single(c => c.Name == "cc_notice");
        Assert.IsLessThan(DateTimeOffset.UtcNow, notice.Expires!.Value);
    }
}
