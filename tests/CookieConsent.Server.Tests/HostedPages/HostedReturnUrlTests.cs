using System.Net;

namespace CookieConsent.Server.Tests.HostedPages;

[TestClass]
public sealed class HostedReturnUrlTests
{
    public TestContext TestContext { get; set; } = null!;

    private async Task<string> PostAsync(string returnUrl)
    {
        var site = await HostedPagesFixture.CreateSiteAsync(TestContext.CancellationToken);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", TestContext.CancellationToken);
        var response = await browser.SubmitAsync(page, "button[value=save]", TestContext.CancellationToken,
            new Dictionary<string, string> { ["decision"] = "reject-all", ["returnUrl"] = returnUrl });
        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    [TestMethod]
    [DataRow("//evil.example")]
    [DataRow("/\\evil.example")]
    [DataRow("https:evil.example")]
    [DataRow("javascript:alert(1)")]
    [DataRow("https://evil.example/")]
    [DataRow("https://shop.example@evil.example/")]
    [DataRow("%2F%2Fevil.example")]
    [DataRow("/%2F/evil.example")]
    [DataRow("/%5Cevil.example")]
    [DataRow("%252F%252Fevil.example")]
    [DataRow("")]
    public async Task ForeignOrMalformedReturnUrl_LandsOnTheSiteRoot(string returnUrl)
    {
        Assert.AreEqual("https://shop.example/", await PostAsync(returnUrl));
    }

    [TestMethod]
    [DataRow("https://shop.example/basket?step=2", "https://shop.example/basket?step=2")]
    [DataRow("https://www.shop.example/", "https://www.shop.example/")]
    [DataRow("/consent/elsewhere", "/consent/elsewhere")]
    public async Task AllowedHostOrLocalPath_IsKept(string returnUrl, string expected)
    {
        Assert.AreEqual(expected, await PostAsync(returnUrl));
    }

    [TestMethod]
    public async Task HostileReturnUrlInTheQuery_NeverReachesTheForm()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(TestContext.CancellationToken);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (_, page, _) = await browser.GetAsync($"/consent/{site}?returnUrl=%2F%2Fevil.example", TestContext.CancellationToken);

        Assert.AreEqual("https://shop.example/", page.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.IsFalse(page.QuerySelectorAll("a").Any(a => (a.GetAttribute("href") ?? "").Contains("evil", StringComparison.Ordinal)));
    }
}
