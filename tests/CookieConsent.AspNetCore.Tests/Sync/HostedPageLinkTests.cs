using System.Net;
using CookieConsent.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    [DataRow("en", "There is no such privacy page.")]
    [DataRow("de-DE,de;q=0.9", "Diese Datenschutzseite gibt es nicht.")]
    [DataRow("fr", "Cette page de confidentialité n'existe pas.")]
    [DataRow("es", "Esa página de privacidad no existe.")]
    public async Task HostedLink_ToAPageThatDoesNotExist_IsTheLocalizedNotFoundPage(string language, string expected)
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using var response = await GetPageAsync(site, "/consent/hosted/anything", language);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        StringAssert.Contains(WebUtility.HtmlDecode(html), expected);
        StringAssert.Contains(html, $"<html lang=\"{language[..2]}\">");
        Assert.IsTrue(api.References.IsEmpty, "no reference asked for");
    }

    [TestMethod]
    public async Task HostedLink_ToAPageThatDoesNotExist_GivesAnApiClientProblemDetails()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/consent/hosted/anything");
        request.Headers.Add("Accept", "application/json");

        using var response = await site.Client.SendAsync(request, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(TestContext.CancellationToken), "Unknown hosted page");
    }

    [TestMethod]
    [DataRow(true, false)]
    [DataRow(false, true)]
    public async Task HostedLink_WithoutServerUrlOrSiteId_IsTheLocalizedUnavailablePage(bool withoutServerUrl, bool withoutSiteId)
    {
        // Start-up validation refuses such a configuration, so no running site gets here; the link itself still fails
        // closed with the site's error page if options ever reach it so. Called directly, with nothing else registered.
        var options = new CookieConsentOptions
        {
            ServerUrl = withoutServerUrl ? null : "http://consent.test/",
            SiteId = withoutSiteId ? null : "shop",
        };
        await using var services = new ServiceCollection().AddSingleton(Options.Create(options)).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = "/consent/hosted/do-not-sell";
        context.Request.Headers.Accept = "text/html";
        context.Request.Headers.AcceptLanguage = "de";
        using var body = new MemoryStream();
        context.Response.Body = body;

        await CookieConsent.AspNetCore.Sync.HostedPageLink.HandleAsync(context, "do-not-sell");

        Assert.AreEqual(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        StringAssert.StartsWith(context.Response.ContentType, "text/html");
        var html = WebUtility.HtmlDecode(System.Text.Encoding.UTF8.GetString(body.ToArray()));
        StringAssert.Contains(html, "Die Datenschutzseiten können von dieser Website aus gerade nicht geöffnet werden.");
        StringAssert.Contains(html, "<html lang=\"de\">");
        Assert.IsFalse(context.Response.Headers.ContainsKey("Location"), "not sent anywhere");
    }

    private Task<HttpResponseMessage> GetPageAsync(TestSite site, string path, string language)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");
        request.Headers.Add("Accept-Language", language);
        return site.Client.SendAsync(request, TestContext.CancellationToken);
    }
}
