using System.Net;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CookieConsent.Server.Tests.HostedPages;

/// <summary>
/// The hosted preferences page offers Accept all and Reject all beside Save; its "Back to …" link goes to the site's
/// home URL; a browser that keeps no cookies is told that no choice can be remembered.
/// </summary>
[TestClass]
public sealed class HostedPageEdgeTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    [DataRow("accept-all", "yes")]
    [DataRow("reject-all", "no")]
    public async Task PreferencesPage_AcceptAllAndRejectAllButtons_DecideEveryOptionalCategory(string button, string expected)
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);
        var buttons = page.QuerySelectorAll("main form button");
        CollectionAssert.AreEqual(new[] { "save", "accept-all", "reject-all" }, buttons.Select(b => b.GetAttribute("value")).ToArray());
        Assert.AreEqual(1, buttons.Select(b => b.GetAttribute("class")).Distinct().Count(), "equally prominent: one class for all");

        using var response = await browser.SubmitAsync(page, $"button[value={button}]", Ct);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        var (_, again, _) = await browser.GetAsync($"/consent/{site}", Ct);
        CollectionAssert.AreEquivalent(new[] { $"cc-category-analytics-{expected}", $"cc-category-marketing-{expected}" },
            again.QuerySelectorAll("input[checked]").Select(i => i.Id).ToArray());
    }

    [TestMethod]
    public async Task BackLink_WithoutAReturnUrl_GoesToTheSitesHomeUrl()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync(TestSites.Default() with { HomeUrl = "https://www.shop.example/start?from=consent" });
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);
        var (_, withReturn, _) = await browser.GetAsync($"/consent/{site}?returnUrl=https://shop.example/basket", Ct);

        Assert.AreEqual("https://www.shop.example/start?from=consent", page.QuerySelectorAll("nav a").Last().GetAttribute("href"));
        Assert.AreEqual("https://shop.example/basket", withReturn.QuerySelectorAll("nav a").Last().GetAttribute("href"));
    }

    [TestMethod]
    [DataRow("https://evil.example/")]
    [DataRow("/start")]
    [DataRow("javascript:alert(1)")]
    [DataRow("https://user@shop.example/")]
    [DataRow("ftp://shop.example/")]
    public async Task HomeUrl_NotOnAnAllowedHost_Answers400_AndChangesNothing(string homeUrl)
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync();
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await api.PutSiteAsync(site, TestSites.Default() with { HomeUrl = homeUrl });

        await ProblemAssert.IsValidationProblemAsync(response, "homeUrl");
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "a refused home URL");
    }

    [TestMethod]
    public async Task FormPost_FromABrowserThatKeepsNoCookies_SaysNoChoiceCanBeRemembered()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, defaultLocale: "de");
        using var browser = new HostedPageBrowser(HostedPagesFixture.Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
        }));
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);

        using var response = await browser.SubmitAsync(page, "button[value=accept-all]", Ct);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        StringAssert.Contains(html, "Ihr Browser speichert keine Cookies, daher kann Ihre Wahl nicht gespeichert werden.");
        Assert.IsFalse(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cc_consent=", StringComparison.Ordinal)));
    }
}
