using System.Net;
using CookieConsent.AspNetCore.Tests.Infrastructure;
using CookieConsent.Client.Checking;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using CookieConsent.Protection;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.AspNetCore.Tests.EndToEnd;

/// <summary>A site using the SDK (TestServer) against the real consent server and a real Redis.</summary>
[TestClass]
public sealed class SiteAgainstRealServerTests
{
    private static ConsentServerHost s_server = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void Start(TestContext _) => s_server = new ConsentServerHost();

    [ClassCleanup]
    public static async Task Stop() => await s_server.DisposeAsync();

    private static string NewSite() => "e2e-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(TestSite Site, string SiteId)> StartSiteAsync(
        string? localKeyRingRedis = null, Action<CookieConsentOptions>? configure = null, TimeProvider? time = null)
    {
        var siteId = NewSite();
        var key = await s_server.CreateSiteAsync(siteId, TestSites.Shop(), TestContext.CancellationToken);
        var site = await TestSite.StartAsync(null, options =>
        {
            options.SiteId = siteId;
            options.ApiKey = key;
            configure?.Invoke(options);
        }, services =>
        {
            services.AddHttpClient(nameof(ICookieConsentApi)).ConfigurePrimaryHttpMessageHandler(s_server.CreateHandler);
            if (localKeyRingRedis is not null)
            {
                services.AddLocalConsentVerification(o => o.KeyRingRedis = localKeyRingRedis);
            }
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
        return (site, siteId);
    }

    [TestMethod]
    public async Task ChoiceRecorded_FirstPartyCookieSet_LaterRequestsSeeTheDecision_AndWithdrawalWorks()
    {
        var (site, siteId) = await StartSiteAsync();
        await using var _ = site;

        var first = TestSite.Lines(await site.PageAsync());
        Assert.AreEqual("True", first["needsChoice"]);
        Assert.AreEqual("denied:no-consent", first["analytics"]);

        using var accepted = await site.PostFormAsync("/consent/choices",
            new() { ["decision"] = "accept-all", ["returnUrl"] = "/checkout" }, headers: [("User-Agent", "Mozilla/5.0 Firefox/128.0")]);
        Assert.AreEqual(HttpStatusCode.SeeOther, accepted.StatusCode);
        Assert.AreEqual("/checkout", accepted.Headers.Location!.OriginalString);
        var cookie = TestSite.SetCookies(accepted).Single(c => c.Name == "cc_consent");
        Assert.IsTrue(cookie.HttpOnly && cookie.Secure);
        Assert.IsLessThanOrEqualTo(256, cookie.Value.Length, "cookie size target");

        var later = TestSite.Lines(await site.PageAsync(cookie.Value.Value));
        Assert.AreEqual("False", later["needsChoice"]);
        Assert.AreEqual("allowed:visitor-choice", later["analytics"]);
        Assert.AreEqual("allowed:visitor-choice", later["marketing"]);
        var visitor = later["visitor"];
        Assert.IsTrue(ConsentIds.IsValidVisitor(visitor));

        var withDnt = TestSite.Lines(await site.PageAsync(cookie.Value.Value, ("DNT", "1")));
        Assert.AreEqual("denied:do-not-track", withDnt["analytics"]);

        using var withdrawn = await site.PostFormAsync("/consent/choices",
            new() { ["decision"] = "save", ["category-analytics"] = "no", ["category-marketing"] = "yes", ["returnUrl"] = "/" },
            cookies: $"cc_consent={cookie.Value}; _ga=GA1.1.1; _ga_ABC=2");
        Assert.AreEqual(HttpStatusCode.SeeOther, withdrawn.StatusCode);
        var expired = TestSite.SetCookies(withdrawn).Where(c => c.Expires < DateTimeOffset.UtcNow).Select(c => c.Name.Value).ToArray();
        CollectionAssert.AreEquivalent(new[] { "_ga", "_ga_ABC" }, expired);
        var newCookie = TestSite.SetCookies(withdrawn).Single(c => c.Name == "cc_consent").Value.Value!;

        var afterWithdrawal = TestSite.Lines(await site.PageAsync(newCookie));
        Assert.AreEqual(visitor, afterWithdrawal["visitor"], "the same visitor changed their mind");
        Assert.AreEqual("denied:visitor-refusal", afterWithdrawal["analytics"]);
        Assert.AreEqual("allowed:visitor-choice", afterWithdrawal["marketing"]);

        // The Do Not Sell form posts its own decision with the choices it restates: the receipt names that control.
        using var doNotSell = await site.PostFormAsync("/consent/choices",
            new() { ["decision"] = "do-not-sell", ["category-analytics"] = "no", ["category-marketing"] = "no", ["returnUrl"] = "/" },
            cookies: $"cc_consent={newCookie}");
        Assert.AreEqual(HttpStatusCode.SeeOther, doNotSell.StatusCode);

        using var client = s_server.Client(siteId, (await s_server.CreateSiteKeyAsync(siteId, TestContext.CancellationToken)));
        var receipts = await client.GetRequiredService<ICookieConsentApi>().ExportReceiptsAsync(siteId, visitor, TestContext.CancellationToken);
        Assert.HasCount(3, receipts.Receipts);
        Assert.AreEqual((ConsentControl.DoNotSell, ConsentSurface.SdkPreferences),
            (receipts.Receipts[2].Control, receipts.Receipts[2].Surface));
        Assert.AreEqual(ConsentSource.Banner, receipts.Receipts[0].Source);
        Assert.AreEqual(ConsentSource.Preferences, receipts.Receipts[1].Source);
        // What the SDK rendered is on each receipt: the policy's revision, its wording and locale, the control used.
        var policy = await client.GetRequiredService<ICookieConsentApi>().GetPolicyAsync(siteId, TestContext.CancellationToken);
        Assert.IsTrue(receipts.Receipts.All(r => r.Revision == policy.Revision && r.Wording == Pages.Wording.Version && r.Locale == "en"));
        Assert.AreEqual((ConsentControl.AcceptAll, ConsentSurface.SdkBanner, ConsentEvent.Given),
            (receipts.Receipts[0].Control, receipts.Receipts[0].Surface, receipts.Receipts[0].Event));
        Assert.AreEqual((ConsentControl.Save, ConsentSurface.SdkPreferences, ConsentEvent.Changed),
            (receipts.Receipts[1].Control, receipts.Receipts[1].Surface, receipts.Receipts[1].Event));
        Assert.IsTrue(receipts.Chain!.Verified);
    }

    [TestMethod]
    public async Task GpcSeenOnceThroughTheMiddleware_LaterReadsWithoutSignalsSayRefusedNamingTheSignal()
    {
        var (site, siteId) = await StartSiteAsync();
        await using var _ = site;
        using var accepted = await site.PostFormAsync("/consent/choices", new() { ["decision"] = "accept-all", ["returnUrl"] = "/" });
        var cookie = TestSite.SetCookies(accepted).Single(c => c.Name == "cc_consent").Value.Value!;
        var visitor = TestSite.Lines(await site.PageAsync(cookie))["visitor"];

        using var withGpc = await site.GetAsync("/", cookie, ("Sec-GPC", "1"));
        var optedOut = TestSite.SetCookies(withGpc).Single(c => c.Name == "cc_consent").Value.Value!;
        var later = TestSite.Lines(await site.PageAsync(optedOut));

        Assert.AreEqual("denied:global-privacy-control-recorded", later["marketing"]);
        Assert.AreEqual("allowed:visitor-choice", later["analytics"]);
        using var client = s_server.Client(siteId, await s_server.CreateSiteKeyAsync(siteId, TestContext.CancellationToken));
        var api = client.GetRequiredService<ICookieConsentApi>();
        var decisions = await api.GetConsentAsync(siteId, visitor, ConsentSignals.None, TestContext.CancellationToken);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControlRecorded),
            decisions.Categories.Single(c => c.Category == "marketing"));
        Assert.IsFalse(await client.GetRequiredService<IConsentChecker>().CanTrackAsync(visitor, "marketing", ConsentSignals.None, TestContext.CancellationToken));
        Assert.IsTrue(await client.GetRequiredService<IConsentChecker>().CanTrackAsync(visitor, "analytics", ConsentSignals.None, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task GrantConfirmedOverGpc_AfterTheSignalWasRecorded_AppliesOnceTheSignalIsGone()
    {
        var (site, _) = await StartSiteAsync();
        await using var _ = site;
        using var first = await site.GetAsync("/", null, ("Sec-GPC", "1"));
        var optedOut = TestSite.SetCookies(first).Single(c => c.Name == "cc_consent").Value.Value!;
        Assert.AreEqual("denied:global-privacy-control-recorded", TestSite.Lines(await site.PageAsync(optedOut))["marketing"]);

        using var confirmed = await site.PostFormAsync("/consent/choices",
            new() { ["decision"] = "accept-all", ["confirm-over-gpc"] = "yes", ["returnUrl"] = "/" },
            cookies: $"cc_consent={optedOut}", headers: ("Sec-GPC", "1"));
        Assert.AreEqual(HttpStatusCode.SeeOther, confirmed.StatusCode);
        var granted = TestSite.SetCookies(confirmed).Single(c => c.Name == "cc_consent").Value.Value!;
        // The page the visitor lands on still carries the signal; the confirmed grant is not undone by it.
        using var landing = await site.GetAsync("/", granted, ("Sec-GPC", "1"));
        var current = TestSite.SetCookies(landing).SingleOrDefault(c => c.Name == "cc_consent")?.Value.Value ?? granted;

        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync(current))["marketing"]);
    }

    [TestMethod]
    public async Task ErasedVisitor_WhoHadOptedOut_StaysOptedOut_ThroughTheMiddleware()
    {
        var (site, siteId) = await StartSiteAsync();
        await using var _ = site;
        using var saved = await site.PostFormAsync("/consent/choices",
            new() { ["decision"] = "save", ["category-analytics"] = "yes", ["category-marketing"] = "no", ["returnUrl"] = "/" });
        var cookie = TestSite.SetCookies(saved).Single(c => c.Name == "cc_consent").Value.Value!;
        var visitor = TestSite.Lines(await site.PageAsync(cookie))["visitor"];
        using var client = s_server.Client(siteId, await s_server.CreateSiteKeyAsync(siteId, TestContext.CancellationToken));

        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync(cookie))["analytics"]);

        await client.GetRequiredService<ICookieConsentApi>().EraseVisitorAsync(siteId, visitor, TestContext.CancellationToken);
        // The verification cache is per site instance: a fresh instance of the same site asks the server again.
        var key = await s_server.CreateSiteKeyAsync(siteId, TestContext.CancellationToken);
        var (fresh, _) = await StartSiteAsync(configure: o => (o.SiteId, o.ApiKey) = (siteId, key));
        await using var __ = fresh;

        var page = TestSite.Lines(await fresh.PageAsync(cookie));
        Assert.AreEqual("denied:no-consent", page["analytics"], "the erased grant is gone");
        Assert.AreEqual("denied:visitor-refusal", page["marketing"], "the refusal is kept");
    }

    [TestMethod]
    public async Task CrossSitePost_WithoutAntiforgery_RecordsNothing()
    {
        var (site, _) = await StartSiteAsync();
        await using var __ = site;

        using var response = await site.PostFormAsync("/consent/choices", new() { ["decision"] = "accept-all" }, antiforgery: false);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.IsFalse(TestSite.SetCookies(response).Any(c => c.Name == "cc_consent"));
    }

    [TestMethod]
    public async Task OtherSitesCookie_IsRejected_ThroughTheApi()
    {
        var (site, _) = await StartSiteAsync();
        await using var __ = site;
        var (other, _) = await StartSiteAsync();
        await using var ___ = other;
        using var accepted = await other.PostFormAsync("/consent/choices", new() { ["decision"] = "accept-all" });
        var otherCookie = TestSite.SetCookies(accepted).Single(c => c.Name == "cc_consent").Value.Value!;

        var page = TestSite.Lines(await site.PageAsync(otherCookie));

        Assert.AreEqual("True", page["needsChoice"]);
        Assert.AreEqual("none", page["visitor"]);
        Assert.AreEqual("denied:unavailable", page["analytics"]);
    }

    [TestMethod]
    public async Task LocalVerification_WithTheServersKeyRing_AcceptsOwnCookies_RejectsForeignAndTampered()
    {
        var (site, _) = await StartSiteAsync(localKeyRingRedis: s_server.Redis.ConnectionString);
        await using var __ = site;
        var (other, _) = await StartSiteAsync();
        await using var ___ = other;

        using var accepted = await site.PostFormAsync("/consent/choices", new() { ["decision"] = "accept-all" });
        var own = TestSite.SetCookies(accepted).Single(c => c.Name == "cc_consent").Value.Value!;
        using var otherAccepted = await other.PostFormAsync("/consent/choices", new() { ["decision"] = "accept-all" });
        var foreign = TestSite.SetCookies(otherAccepted).Single(c => c.Name == "cc_consent").Value.Value!;
        var tampered = own[..^2] + (own[^2] == 'A' ? "B" : "A") + own[^1];

        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync(own))["analytics"]);
        Assert.AreEqual("denied:unavailable", TestSite.Lines(await site.PageAsync(foreign))["analytics"]);
        Assert.AreEqual("denied:unavailable", TestSite.Lines(await site.PageAsync(tampered))["analytics"]);
        Assert.AreEqual("denied:global-privacy-control", TestSite.Lines(await site.PageAsync(own, ("Sec-GPC", "1")))["marketing"]);
    }

    [TestMethod]
    public async Task LocalVerification_KeyRingUnreachable_FailsClosed()
    {
        var (site, _) = await StartSiteAsync(
            localKeyRingRedis: $"127.0.0.1:{CookieConsent.Testing.FreePort.Next()},connectTimeout=300,syncTimeout=300");
        await using var __ = site;
        using var accepted = await site.PostFormAsync("/consent/choices", new() { ["decision"] = "accept-all" });
        var own = TestSite.SetCookies(accepted).Single(c => c.Name == "cc_consent").Value.Value!;

        var page = TestSite.Lines(await site.PageAsync(own));

        Assert.AreEqual("allowed:required", page["necessary"]);
        Assert.AreEqual("denied:unavailable", page["analytics"]);
    }

    [TestMethod]
    public async Task LocalVerification_ErasedVisitorsOldCookie_StatesOnlyItsRefusals_OnceTheCacheDurationHasPassed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (site, siteId) = await StartSiteAsync(localKeyRingRedis: s_server.Redis.ConnectionString,
            configure: o => o.VerificationCacheDuration = TimeSpan.FromSeconds(30), time: time);
        await using var _ = site;
        var (cookie, visitor) = await SaveAsync(site, analytics: true, marketing: false);
        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync(cookie))["analytics"]);
        using var client = s_server.Client(siteId, await s_server.CreateSiteKeyAsync(siteId, TestContext.CancellationToken));

        await client.GetRequiredService<ICookieConsentApi>().EraseVisitorAsync(siteId, visitor, TestContext.CancellationToken);
        var cached = TestSite.Lines(await site.PageAsync(cookie));
        time.Advance(TimeSpan.FromSeconds(30));
        var page = TestSite.Lines(await site.PageAsync(cookie));

        Assert.AreEqual("allowed:visitor-choice", cached["analytics"], "within the cache duration the lookup is reused");
        Assert.AreEqual("denied:no-consent", page["analytics"], "the erased grant is gone");
        Assert.AreEqual("denied:visitor-refusal", page["marketing"], "the refusal is kept");
        Assert.AreEqual("allowed:required", page["necessary"]);
    }

    [TestMethod]
    public async Task LocalVerification_CookieIssuedAfterTheErasure_VerifiesNormally()
    {
        var (site, siteId) = await StartSiteAsync(localKeyRingRedis: s_server.Redis.ConnectionString,
            configure: o => o.VerificationCacheDuration = TimeSpan.Zero);
        await using var _ = site;
        var (old, visitor) = await SaveAsync(site, analytics: true, marketing: false);
        using var client = s_server.Client(siteId, await s_server.CreateSiteKeyAsync(siteId, TestContext.CancellationToken));
        await client.GetRequiredService<ICookieConsentApi>().EraseVisitorAsync(siteId, visitor, TestContext.CancellationToken);
        Assert.AreEqual("denied:no-consent", TestSite.Lines(await site.PageAsync(old))["analytics"]);

        // Cookies carry whole seconds: one issued in the erasure's own second reads as older, which only errs towards "no".
        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.CancellationToken);
        using var accepted = await site.PostFormAsync("/consent/choices", new() { ["decision"] = "accept-all", ["returnUrl"] = "/" },
            cookies: $"cc_consent={old}");
        var fresh = TestSite.SetCookies(accepted).Single(c => c.Name == "cc_consent").Value.Value!;
        var page = TestSite.Lines(await site.PageAsync(fresh));

        Assert.AreEqual(visitor, page["visitor"]);
        Assert.AreEqual("allowed:visitor-choice", page["analytics"]);
        Assert.AreEqual("allowed:visitor-choice", page["marketing"]);
    }

    [TestMethod]
    public async Task LocalVerification_ErasureUnreadable_DeniesEveryGrant_KeepsTheCookiesRefusals()
    {
        // A Redis of the site's own holding a copy of the key ring: once the ring is loaded, stopping it leaves the
        // cookie readable but whether its visitor was erased unknown.
        using var copy = RedisServer.Start();
        await using (var source = await s_server.Redis.ConnectAsync())
        await using (var target = await copy.ConnectAsync())
        {
            var keys = await source.GetDatabase().ListRangeAsync(ConsentKeyRing.RedisKey);
            Assert.IsNotEmpty(keys, "the server has created its key ring");
            await target.GetDatabase().ListRightPushAsync(ConsentKeyRing.RedisKey, keys);
        }
        var (site, _) = await StartSiteAsync(localKeyRingRedis: copy.ConnectionString + ",connectTimeout=300,syncTimeout=300",
            configure: o => o.VerificationCacheDuration = TimeSpan.Zero);
        await using var __ = site;
        var (cookie, _) = await SaveAsync(site, analytics: true, marketing: false);
        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync(cookie))["analytics"]);

        copy.Kill();
        var page = TestSite.Lines(await site.PageAsync(cookie));

        Assert.AreEqual("allowed:required", page["necessary"]);
        Assert.AreEqual("denied:unavailable", page["analytics"]);
        Assert.AreEqual("denied:visitor-refusal", page["marketing"]);
    }

    private static async Task<(string Cookie, string Visitor)> SaveAsync(TestSite site, bool analytics, bool marketing)
    {
        using var saved = await site.PostFormAsync("/consent/choices", new()
        {
            ["decision"] = "save", ["category-analytics"] = analytics ? "yes" : "no",
            ["category-marketing"] = marketing ? "yes" : "no", ["returnUrl"] = "/",
        });
        var cookie = TestSite.SetCookies(saved).Single(c => c.Name == "cc_consent").Value.Value!;
        return (cookie, TestSite.Lines(await site.PageAsync(cookie))["visitor"]);
    }
}
