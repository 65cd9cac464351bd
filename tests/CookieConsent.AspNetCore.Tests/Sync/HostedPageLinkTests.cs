using System.Net;
using CookieConsent.AspNetCore.Tests.Infrastructure;

namespace CookieConsent.AspNetCore.Tests.Sync;

/// <summary>The SDK's way to the hosted pages: a signed reference to this visitor and a single-use state along.</summary>
[TestClass]
public sealed class HostedPageLinkTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task HostedLink_SendsTheVisitorToTheHostedPage_WithAReferenceForThisVisitor_AndAStateTheMarkerMatches()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/consent/hosted/do-not-sell?returnUrl=%2Fprivacy%3Fx%3D1");
        request.Headers.Add("Cookie", "cc_consent=accept");

        using var response = await site.Client.SendAsync(request, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        StringAssert.StartsWith(location, "http://consent.test/consent/shop/do-not-sell?returnUrl="
            + Uri.EscapeDataString("http://localhost/privacy?x=1") + "&cc_ref=ref-" + StubConsentApi.Visitor + "&cc_state=");
        Assert.IsTrue(api.References.TryDequeue(out var asked));
        Assert.AreEqual(("shop", StubConsentApi.Visitor, "http://localhost/privacy?x=1"), asked, "for this visitor, back to that page");
        Assert.IsTrue(response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("cc_sync_shop=p.", StringComparison.Ordinal)),
            "the state only works in this browser");
    }

    [TestMethod]
    [DataRow("https://evil.example/")]
    [DataRow("//evil.example/")]
    public async Task HostedLink_ComesBackOnlyToALocalPath(string returnUrl)
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.Client.GetAsync(
            "/consent/hosted/preferences?returnUrl=" + Uri.EscapeDataString(returnUrl), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.IsTrue(api.References.TryDequeue(out var asked));
        Assert.AreEqual("http://localhost/", asked.ReturnUrl);
        StringAssert.StartsWith(response.Headers.Location!.OriginalString, "http://consent.test/consent/shop?returnUrl=" + Uri.EscapeDataString("http://localhost/"));
    }

    [TestMethod]
    public async Task HostedLink_WithTheServerUnreachable_StillReachesTheHostedPage_WithoutAReference()
    {
        var api = new StubConsentApi { Failure = new HttpRequestException("down") };
        await using var site = await TestSite.StartAsync(api);

        using var response = await site.Client.GetAsync("/consent/hosted/do-not-sell", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        StringAssert.StartsWith(location, "http://consent.test/consent/shop/do-not-sell?returnUrl=");
        Assert.DoesNotContain("cc_ref=", location);
    }

    [TestMethod]
    public async Task HostedLink_ToAPageThatDoesNotExist_IsNotFound()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        using var response = await site.Client.GetAsync("/consent/hosted/anything", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
    }
}
