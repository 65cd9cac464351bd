using CookieConsent.Client.Contracts;
using CookieConsent.AspNetCore.Tests.Infrastructure;

namespace CookieConsent.AspNetCore.Tests.Middleware;

[TestClass]
public sealed class ResponseHeadersTests
{
    [TestMethod]
    public async Task HtmlPage_IsPrivate_AndVariesByCookieAndSignals()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var response = await site.GetAsync("/page");

        Assert.AreEqual("private", response.Headers.CacheControl!.ToString());
        CollectionAssert.IsSubsetOf(new[] { "Cookie", "DNT", "Sec-GPC" }, response.Headers.Vary.ToArray());
    }

    [TestMethod]
    public async Task NonHtmlResponse_ThatReadTheConsent_IsPrivateToo()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var response = await site.GetAsync("/decisions.json");

        Assert.IsTrue(response.Headers.CacheControl!.Private);
        CollectionAssert.IsSubsetOf(new[] { "Cookie", "DNT", "Sec-GPC" }, response.Headers.Vary.ToArray());
    }

    [TestMethod]
    public async Task ResponseThatDidNotReadTheConsent_IsLeftAlone()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var response = await site.GetAsync("/plain");

        Assert.IsNull(response.Headers.CacheControl);
        Assert.IsEmpty(response.Headers.Vary);
    }

    [TestMethod]
    public async Task PublicCaching_BecomesPrivate_KeepingMaxAgeAndExistingVary()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var response = await site.GetAsync("/cached-page");

        var cacheControl = response.Headers.CacheControl!;
        Assert.IsTrue(cacheControl.Private);
        Assert.IsFalse(cacheControl.Public);
        Assert.AreEqual(TimeSpan.FromSeconds(60), cacheControl.MaxAge);
        CollectionAssert.AreEquivalent(new[] { "Accept-Encoding", "Cookie", "DNT", "Sec-GPC" }, response.Headers.Vary.ToArray());
    }

    [TestMethod]
    public async Task DntRequest_OnAHonouringSite_GetsTkN()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var response = await site.GetAsync("/plain", "accept", ("DNT", "1"));

        Assert.AreEqual("N", response.Headers.GetValues("Tk").Single());
    }

    [TestMethod]
    public async Task DntRequest_OnASiteIgnoringDnt_WithTheVisitorsConsent_GetsTkC()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(TestSites.Shop() with { HonorDoNotTrack = false }));
        using var response = await site.GetAsync("/plain", "accept", ("DNT", "1"));

        Assert.AreEqual("C", response.Headers.GetValues("Tk").Single());
    }

    [TestMethod]
    public async Task DntRequest_OnAnOptOutSiteIgnoringDnt_WithoutConsent_GetsTkD()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(TestSites.Shop(ConsentRegime.OptOut) with { HonorDoNotTrack = false }));
        using var response = await site.GetAsync("/plain", null, ("DNT", "1"));

        Assert.AreEqual("D", response.Headers.GetValues("Tk").Single());
    }

    [TestMethod]
    public async Task DntZero_OnAnOptOutSite_WithoutConsent_GetsTkT()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(TestSites.Shop(ConsentRegime.OptOut)));
        using var response = await site.GetAsync("/plain", null, ("DNT", "0"));

        Assert.AreEqual("T", response.Headers.GetValues("Tk").Single());
    }

    [TestMethod]
    public async Task DntZero_WithConsent_GetsTkC_WithoutConsent_TkN()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var consented = await site.GetAsync("/plain", "accept", ("DNT", "0"));
        using var refused = await site.GetAsync("/plain", "reject", ("DNT", "0"));

        Assert.AreEqual("C", consented.Headers.GetValues("Tk").Single());
        Assert.AreEqual("N", refused.Headers.GetValues("Tk").Single());
    }

    [TestMethod]
    public async Task RequestWithoutDnt_GetsNoTkHeader()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var response = await site.GetAsync("/plain", "accept");

        Assert.IsFalse(response.Headers.Contains("Tk"));
    }
}
