using System.Net;
using CookieConsent.AspNetCore.Tests.Infrastructure;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.AspNetCore.Tests.Middleware;

[TestClass]
public sealed class ConsentMiddlewareTests
{
    private static async Task<Dictionary<string, string>> Page(StubConsentApi api, string? cookie, params (string, string)[] headers)
    {
        await using var site = await TestSite.StartAsync(api);
        return TestSite.Lines(await site.PageAsync(cookie, headers));
    }

    [TestMethod]
    public async Task NoCookie_OptIn_NeedsChoice_AndDeniesEveryOptionalCategory()
    {
        var page = await Page(new StubConsentApi(), null);

        Assert.AreEqual("True", page["needsChoice"]);
        Assert.AreEqual("none", page["visitor"]);
        Assert.AreEqual("allowed:required", page["necessary"]);
        Assert.AreEqual("denied:no-consent", page["analytics"]);
        Assert.AreEqual("denied:no-consent", page["marketing"]);
    }

    [TestMethod]
    public async Task AcceptCookie_AllowsEveryCategory_AndNeedsNoChoice()
    {
        var page = await Page(new StubConsentApi(), "accept");

        Assert.AreEqual("False", page["needsChoice"]);
        Assert.AreEqual(StubConsentApi.Visitor, page["visitor"]);
        Assert.AreEqual("allowed:visitor-choice", page["analytics"]);
        Assert.AreEqual("allowed:visitor-choice", page["marketing"]);
        Assert.AreEqual(StubConsentApi.ExpiresAt.ToString("O"), page["expiresAt"]);
        Assert.AreEqual("False", page["unknown-category"]);
    }

    [TestMethod]
    public async Task RejectCookie_DeniesOptionalCategories_AsTheVisitorsChoice()
    {
        var page = await Page(new StubConsentApi(), "reject");

        Assert.AreEqual("False", page["needsChoice"]);
        Assert.AreEqual("allowed:required", page["necessary"]);
        Assert.AreEqual("denied:visitor-refusal", page["analytics"]);
        Assert.AreEqual("denied:visitor-refusal", page["marketing"]);
    }

    [TestMethod]
    public async Task DoNotTrack_DeniesEveryOptionalCategory_DespiteAcceptance()
    {
        var page = await Page(new StubConsentApi(), "accept", ("DNT", "1"));

        Assert.AreEqual("True,False", page["signals"]);
        Assert.AreEqual("allowed:required", page["necessary"]);
        Assert.AreEqual("denied:do-not-track", page["analytics"]);
        Assert.AreEqual("denied:do-not-track", page["marketing"]);
    }

    [TestMethod]
    public async Task DoNotTrack_OnASiteThatDoesNotHonourIt_ChangesNothing()
    {
        var api = new StubConsentApi(TestSites.Shop() with { HonorDoNotTrack = false });
        var page = await Page(api, "accept", ("DNT", "1"));

        Assert.AreEqual("allowed:visitor-choice", page["analytics"]);
    }

    [TestMethod]
    public async Task GlobalPrivacyControl_DeniesSaleOrSharingOnly()
    {
        var page = await Page(new StubConsentApi(), "accept", ("Sec-GPC", "1"));

        Assert.AreEqual("False,True", page["signals"]);
        Assert.AreEqual("allowed:visitor-choice", page["analytics"]);
        Assert.AreEqual("denied:global-privacy-control", page["marketing"]);
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("yes")]
    [DataRow("")]
    public async Task SignalHeadersOtherThanOne_AreNoSignal(string value)
    {
        var page = await Page(new StubConsentApi(), "accept", ("DNT", value), ("Sec-GPC", value));

        Assert.AreEqual("False,False", page["signals"]);
        Assert.AreEqual("allowed:visitor-choice", page["marketing"]);
    }

    [TestMethod]
    public async Task OptOutRegime_NoCookie_AllowsOptionalCategories_UntilGpcSaysNo()
    {
        var api = new StubConsentApi(TestSites.Shop(ConsentRegime.OptOut));

        var plain = await Page(api, null);
        var gpc = await Page(api, null, ("Sec-GPC", "1"));

        Assert.AreEqual("allowed:no-consent", plain["analytics"]);
        Assert.AreEqual("allowed:no-consent", plain["marketing"]);
        Assert.AreEqual("allowed:no-consent", gpc["analytics"]);
        Assert.AreEqual("denied:global-privacy-control", gpc["marketing"]);
    }

    [TestMethod]
    [DataRow(ConsentRegime.OptIn)]
    [DataRow(ConsentRegime.OptOut)]
    public async Task ForgedCookie_IsDeniedNotNoConsent_AndTheVisitorIsAskedAgain(ConsentRegime regime)
    {
        // "No cookie" would allow everything on an opt-out site; a cookie that fails verification is doubt.
        var page = await Page(new StubConsentApi(TestSites.Shop(regime)), "forged-value");

        Assert.AreEqual("True", page["needsChoice"]);
        Assert.AreEqual("none", page["visitor"]);
        Assert.AreEqual("allowed:required", page["necessary"]);
        Assert.AreEqual("denied:unavailable", page["analytics"]);
        Assert.AreEqual("denied:unavailable", page["marketing"]);
    }

    [TestMethod]
    public async Task OversizedCookie_IsDenied_WithoutAskingTheServer()
    {
        var api = new StubConsentApi(TestSites.Shop(ConsentRegime.OptOut));
        var page = await Page(api, new string('a', 4000));

        Assert.AreEqual("denied:unavailable", page["analytics"]);
        Assert.AreEqual(0, api.VerifyCalls);
    }

    [TestMethod]
    public async Task GpcWithAnAcceptingCookie_IsRecordedOnce_AndTheBrowserGetsTheCookieThatCarriesIt()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.GetAsync("/page", "accept", ("Sec-GPC", "1"));
        var page = TestSite.Lines(await response.Content.ReadAsStringAsync());

        var recorded = api.SignalsRecorded.Single();
        Assert.AreEqual(StubConsentApi.Visitor, recorded.Visitor, "recorded for the cookie's visitor");
        Assert.IsTrue(recorded.Signals.GlobalPrivacyControl);
        Assert.AreEqual("minted-signal", TestSite.SetCookies(response).Single(c => c.Name == "cc_consent").Value.Value);
        Assert.AreEqual("denied:global-privacy-control", page["marketing"]);
    }

    [TestMethod]
    public async Task GpcWithoutACookie_RecordsTheOptOutForANewVisitor()
    {
        var api = new StubConsentApi(TestSites.Shop(ConsentRegime.OptOut));
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.GetAsync("/page", null, ("Sec-GPC", "1"));

        var recorded = api.SignalsRecorded.Single();
        Assert.IsTrue(ConsentIds.IsValidVisitor(recorded.Visitor));
        Assert.AreEqual("minted-signal", TestSite.SetCookies(response).Single(c => c.Name == "cc_consent").Value.Value);
        Assert.AreEqual(recorded.Visitor, TestSite.Lines(await response.Content.ReadAsStringAsync())["visitor"]);
    }

    [TestMethod]
    public async Task GpcWithARefusingCookie_RecordsNothing()
    {
        var api = new StubConsentApi();

        await Page(api, "reject", ("Sec-GPC", "1"));

        Assert.IsEmpty(api.SignalsRecorded);
    }

    [TestMethod]
    public async Task GpcThatCannotBeRecorded_StillDeniesForTheRequest()
    {
        var api = new StubConsentApi(TestSites.Shop(ConsentRegime.OptOut));
        await using var site = await TestSite.StartAsync(api);
        // The cookie-less path asks the server only to record the signal; that call fails.
        api.Failure = new HttpRequestException("Connection refused");

        var page = TestSite.Lines(await site.PageAsync(null, ("Sec-GPC", "1")));

        Assert.AreEqual("denied:global-privacy-control", page["marketing"]);
        Assert.AreEqual("allowed:no-consent", page["analytics"]);
    }

    [TestMethod]
    public async Task RefusingCookie_IsRenewedFor400DaysOnPageLoads_ButNotOnOtherRequests()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var navigation = await site.GetAsync("/page", "reject", ("Accept", "text/html"));
        using var image = await site.GetAsync("/page", "reject", ("Accept", "image/avif,image/webp"));
        using var accepting = await site.GetAsync("/page", "accept", ("Accept", "text/html"));

        var renewed = TestSite.SetCookies(navigation).Single(c => c.Name == "cc_consent");
        Assert.AreEqual("reject", renewed.Value.Value);
        Assert.AreEqual(TimeSpan.FromDays(400), renewed.MaxAge);
        Assert.IsTrue(renewed.HttpOnly && renewed.Secure);
        Assert.IsFalse(TestSite.SetCookies(image).Any(c => c.Name == "cc_consent"));
        Assert.IsFalse(TestSite.SetCookies(accepting).Any(c => c.Name == "cc_consent"), "a cookie of grants lapses with them");
    }

    [TestMethod]
    public async Task Verification_IsCached_OneServerCallPerDistinctCookie()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        for (var i = 0; i < 5; i++)
        {
            await site.PageAsync("accept");
            await site.PageAsync("forged");
        }
        await site.PageAsync("reject");

        Assert.AreEqual(3, api.VerifyCalls);
    }

    [TestMethod]
    public async Task VerificationCache_ExpiresAfterItsDuration()
    {
        var api = new StubConsentApi();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var site = await TestSite.StartAsync(api, o => o.VerificationCacheDuration = TimeSpan.FromSeconds(60),
            services => services.AddSingleton<TimeProvider>(time));

        await site.PageAsync("accept");
        time.Advance(TimeSpan.FromSeconds(59));
        await site.PageAsync("accept");
        Assert.AreEqual(1, api.VerifyCalls);

        time.Advance(TimeSpan.FromSeconds(2));
        await site.PageAsync("accept");
        Assert.AreEqual(2, api.VerifyCalls);
    }

    [TestMethod]
    public async Task VerificationCache_NeverOutlivesTheConsent()
    {
        var api = new StubConsentApi();
        var time = new FakeTimeProvider(StubConsentApi.ExpiresAt - TimeSpan.FromSeconds(10));
        await using var site = await TestSite.StartAsync(api, o => o.VerificationCacheDuration = TimeSpan.FromMinutes(10),
            services => services.AddSingleton<TimeProvider>(time));

        await site.PageAsync("accept");
        time.Advance(TimeSpan.FromSeconds(11));
        await site.PageAsync("accept");

        Assert.AreEqual(2, api.VerifyCalls);
    }

    [TestMethod]
    public async Task ServerDown_FailsClosed_PageStillRenders_AndWhyIsLogged()
    {
        var api = new StubConsentApi { Failure = new HttpRequestException("Connection refused") };
        await using var site = await TestSite.StartAsync(api);

        var page = TestSite.Lines(await site.PageAsync("accept"));

        Assert.AreEqual("allowed:required", page["necessary"]);
        Assert.AreEqual("denied:unavailable", page["analytics"]);
        Assert.AreEqual("denied:unavailable", page["marketing"]);
        Assert.AreEqual("False", page["needsChoice"], "no banner while the server cannot record a choice");
        Assert.IsTrue(site.Logs.Any(l => l.StartsWith("ConsentFailedClosed")));
        Assert.IsTrue(site.Logs.Any(l => l.StartsWith("ConsentVerificationUnavailable")));
    }

    [TestMethod]
    public async Task ServerError500_FailsClosed()
    {
        var api = new StubConsentApi { Failure = new ConsentApiException(500, new ProblemBody(null, "Boom", 500, null)) };
        var page = await Page(api, "accept");

        Assert.AreEqual("denied:unavailable", page["analytics"]);
    }

    [TestMethod]
    public async Task ServerFailures_AreNotCached()
    {
        var api = new StubConsentApi { Failure = new HttpRequestException("down") };
        await using var site = await TestSite.StartAsync(api);

        await site.PageAsync("accept");
        api.Failure = null;
        var page = TestSite.Lines(await site.PageAsync("accept"));

        Assert.AreEqual("allowed:visitor-choice", page["analytics"]);
    }

    [TestMethod]
    public async Task HangingServer_FailsClosed_WithinTheClientTimeout()
    {
        var api = new StubConsentApi { Hang = true };
        await using var site = await TestSite.StartAsync(api, configureServices: services =>
            services.Configure<CookieConsentClientOptions>(o => (o.Timeout, o.AttemptTimeout) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300))));

        var started = DateTime.UtcNow;
        var page = TestSite.Lines(await site.PageAsync("accept"));

        Assert.AreEqual("denied:unavailable", page["analytics"]);
        Assert.IsLessThan(TimeSpan.FromSeconds(5), DateTime.UtcNow - started, "bounded by the timeout plus a margin");
    }

    [TestMethod]
    public async Task PolicyUnavailable_DeniesEverything_AndThePageStillRenders()
    {
        var api = new StubConsentApi { PolicyFails = true };
        await using var site = await TestSite.StartAsync(api);

        var page = TestSite.Lines(await site.PageAsync("accept"));

        Assert.AreEqual("none", page["definition"]);
        Assert.AreEqual("False", page["unknown-category"]);
        Assert.IsFalse(page.ContainsKey("analytics"));
        Assert.IsTrue(site.Logs.Any(l => l.StartsWith("ConsentPolicyUnavailable")));
    }

    [TestMethod]
    public async Task Policy_IsFetchedOnce_ForManyRequests()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => site.PageAsync()));

        Assert.AreEqual(1, api.PolicyCalls);
    }

    [TestMethod]
    public async Task TrackingConsentFeature_FollowsTheDecisions()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        async Task<string> CanTrack(string? cookie, params (string, string)[] headers)
        {
            using var response = await site.GetAsync("/tracking", cookie, headers);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.AreEqual("yes", await CanTrack("accept"));
        Assert.AreEqual("no", await CanTrack("reject"));
        Assert.AreEqual("no", await CanTrack(null));
        Assert.AreEqual("no", await CanTrack("accept", ("Sec-GPC", "1")));
    }

    [TestMethod]
    public async Task TrackingConsentFeature_GrantConsent_ChangesNothingAndSaysConsentIsGivenThroughTheForms()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        using var response = await site.GetAsync("/tracking/grant", "reject");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("no", await response.Content.ReadAsStringAsync());
        var set = TestSite.SetCookies(response).Select(c => c.Name.Value).ToArray();
        CollectionAssert.Contains(set, "session");
        CollectionAssert.DoesNotContain(set, "_ga");
        Assert.IsTrue(site.Logs.Any(l => l.StartsWith("TrackingConsentGrantIgnored") && l.Contains("consent forms")), string.Join("\n", site.Logs));
    }

    [TestMethod]
    public async Task TrackingConsentFeature_WithdrawConsent_DeniesEveryOptionalCategoryForTheRestOfTheRequest()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        using var response = await site.GetAsync("/tracking/withdraw", "accept");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("no", await response.Content.ReadAsStringAsync());
        var set = TestSite.SetCookies(response).Select(c => c.Name.Value).ToArray();
        CollectionAssert.Contains(set, "session");
        CollectionAssert.DoesNotContain(set, "_ga");
        Assert.IsTrue(site.Logs.Any(l => l.StartsWith("TrackingConsentWithdrawnForRequest")), string.Join("\n", site.Logs));
        // The recorded choice is the visitor's: the next request sees it again.
        using var next = await site.GetAsync("/tracking", "accept");
        Assert.AreEqual("yes", await next.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Logs_NeverContainTheCookieValue()
    {
        var api = new StubConsentApi { Failure = new HttpRequestException("down") };
        await using var site = await TestSite.StartAsync(api);
        await site.PageAsync("accept-secret-cookie-value");
        api.Failure = null;
        await site.PageAsync("another-secret-cookie-value");

        Assert.IsNotEmpty(site.Logs);
        Assert.IsFalse(site.Logs.Any(l => l.Contains("secret-cookie-value")), string.Join("\n", site.Logs));
    }

    [TestMethod]
    public async Task Status_IsOk_ForEveryVerificationOutcome()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);
        foreach (var cookie in new[] { "accept", "reject", "forged", "" })
        {
            using var response = await site.GetAsync("/page", cookie);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, cookie);
        }
    }
}
