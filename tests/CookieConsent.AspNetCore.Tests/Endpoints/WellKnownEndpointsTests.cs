using System.Net;
using CookieConsent.AspNetCore.Tests.Infrastructure;

namespace CookieConsent.AspNetCore.Tests.Endpoints;

[TestClass]
public sealed class WellKnownEndpointsTests
{
    [TestMethod]
    public async Task GpcJson_WhenHonoured_SaysSo_DatedWithTheGpcSpecificationVersionFollowed_NotThePolicyDate()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var response = await site.GetAsync("/.well-known/gpc.json");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual("""{"gpc":true,"lastUpdate":"2024-12-03"}""", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task GpcJson_WhenNotHonoured_IsNotFound()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(TestSites.Shop() with { HonorGlobalPrivacyControl = false }));
        using var response = await site.GetAsync("/.well-known/gpc.json");

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
    }

    [TestMethod]
    [DataRow("/.well-known/dnt/")]
    [DataRow("/.well-known/dnt")]
    public async Task DntStatusResource_WhenHonoured_IsN(string path)
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var response = await site.GetAsync(path);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/tracking-status+json", response.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual("""{"tracking":"N","policy":"https://shop.example/privacy"}""", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task DntStatusResource_WhenNotHonoured_IsDynamic()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(TestSites.Shop() with { HonorDoNotTrack = false, PolicyUrl = null }));
        using var response = await site.GetAsync("/.well-known/dnt/");

        Assert.AreEqual("""{"tracking":"?"}""", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task WellKnown_WithoutPolicy_503()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi { PolicyFails = true });
        using var gpc = await site.GetAsync("/.well-known/gpc.json");
        using var dnt = await site.GetAsync("/.well-known/dnt/");

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, gpc.StatusCode);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, dnt.StatusCode);
    }
}
