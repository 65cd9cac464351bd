using System.Net;
using AngleSharp.Dom;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Tests.HostedPages;

[TestClass]
public sealed class HostedPageMarkupTests
{
    public TestContext TestContext { get; set; } = null!;

    private static void AssertScriptFreePage(HttpResponseMessage response, IDocument document, string html)
    {
        Assert.AreEqual("default-src 'self'; script-src 'none'",
            string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.AreEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.IsFalse(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}>");
                Assert.AreNotEqual("style", attribute.Name, $"<{element.LocalName}> has an inline style");
            }
        }
        Assert.IsEmpty(document.QuerySelectorAll("style"));
        Assert.AreEqual("/_content/CookieConsent.Pages/cookieconsent.css",
            document.QuerySelector("head link[rel=stylesheet]")?.GetAttribute("href"));
        Assert.HasCount(1, document.QuerySelectorAll("main"));
        Assert.HasCount(1, document.QuerySelectorAll("h1"));
        Assert.IsFalse(string.IsNullOrWhiteSpace(document.Title));
        AssertHeadingsInOrder(document);
    }

    private static void AssertHeadingsInOrder(IDocument document)
    {
        var previous = 0;
        foreach (var heading in document.QuerySelectorAll("h1, h2, h3, h4, h5, h6"))
        {
            var level = heading.LocalName[1] - '0';
            Assert.IsTrue(level <= previous + 1, $"<{heading.LocalName}> '{heading.TextContent}' skips a level after h{previous}");
            previous = level;
        }
        Assert.AreEqual("h1", document.QuerySelector("h1, h2, h3, h4, h5, h6")!.LocalName, "the first heading is the h1");
    }

    [TestMethod]
    public async Task Preferences_IsAFullScriptFreePage()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(TestContext.CancellationToken);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (response, document, html) = await browser.GetAsync($"/consent/{site}", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        AssertScriptFreePage(response, document, html);
        Assert.AreEqual("en", document.DocumentElement.GetAttribute("lang"));
        Assert.AreEqual("Cookie settings", document.QuerySelector("h1")!.TextContent);
        var form = document.QuerySelector("main form")!;
        Assert.AreEqual("post", form.GetAttribute("method"));
        Assert.AreEqual($"/consent/{site}", form.GetAttribute("action"));
        Assert.IsFalse(string.IsNullOrEmpty(form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")));
        Assert.IsNotNull(form.QuerySelector("input[type=hidden][name=returnUrl]"));
        Assert.IsNotNull(form.QuerySelector("button[name=decision][value=save]"));
        Assert.IsEmpty(document.QuerySelectorAll("input[checked]"), "nothing preselected before a choice");
        Assert.IsEmpty(document.QuerySelectorAll("input[name=category-necessary]"));
    }

    [TestMethod]
    public async Task DoNotSell_IsAFullScriptFreePageWithOneButton()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(TestContext.CancellationToken, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (response, document, html) = await browser.GetAsync($"/consent/{site}/do-not-sell", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        AssertScriptFreePage(response, document, html);
        Assert.AreEqual("Do Not Sell or Share My Personal Information", document.QuerySelector("h1")!.TextContent);
        var button = document.QuerySelectorAll("main form button").Single();
        Assert.AreEqual("do-not-sell", button.GetAttribute("value"));
        Assert.DoesNotContain("Opt-out preference signal honored", html);
    }

    [TestMethod]
    public async Task Gpc_PreferencesAndDoNotSellSaySignalHonoured()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(TestContext.CancellationToken, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (_, preferences, _) = await browser.GetAsync($"/consent/{site}", TestContext.CancellationToken, ("Sec-GPC", "1"));
        var (_, doNotSell, doNotSellHtml) = await browser.GetAsync($"/consent/{site}/do-not-sell", TestContext.CancellationToken, ("Sec-GPC", "1"));

        Assert.AreEqual("Opt-out preference signal honored", preferences.QuerySelector(".cc-notice__title")!.TextContent);
        Assert.IsEmpty(preferences.QuerySelectorAll("input[name=category-marketing][type=radio]"));
        Assert.AreEqual("Refused: opt-out preference signal honored",
            preferences.QuerySelector("#cc-category-marketing .cc-status--off")!.TextContent);
        Assert.AreEqual("Opt-out preference signal honored", doNotSell.QuerySelector(".cc-notice__title")!.TextContent);
        Assert.Contains("Global Privacy Control signal is already honored", doNotSellHtml);
    }

    [TestMethod]
    [DataRow("de-DE,de;q=0.9", "de", "Cookie-Einstellungen")]
    [DataRow("es;q=0.5, fr;q=0.8", "fr", "Paramètres des cookies")]
    [DataRow("ja", "en", "Cookie settings")]
    public async Task AcceptLanguage_ChoosesThePageLanguage(string acceptLanguage, string lang, string heading)
    {
        var site = await HostedPagesFixture.CreateSiteAsync(TestContext.CancellationToken);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (_, document, _) = await browser.GetAsync($"/consent/{site}", TestContext.CancellationToken, ("Accept-Language", acceptLanguage));

        Assert.AreEqual(lang, document.DocumentElement.GetAttribute("lang"));
        Assert.AreEqual(heading, document.QuerySelector("h1")!.TextContent);
    }

    [TestMethod]
    public async Task UnsupportedLanguage_FallsBackToTheSiteDefault()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(TestContext.CancellationToken, defaultLocale: "de");
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (_, document, _) = await browser.GetAsync($"/consent/{site}", TestContext.CancellationToken, ("Accept-Language", "ja"));

        Assert.AreEqual("de", document.DocumentElement.GetAttribute("lang"));
        Assert.AreEqual("Unbedingt erforderlich", document.QuerySelector("#cc-category-necessary h2")!.TextContent);
    }

    [TestMethod]
    public async Task HostileSiteName_IsEncoded()
    {
        const string hostile = "<script>alert(1)</script>\"'&";
        var site = await HostedPagesFixture.CreateSiteAsync(TestContext.CancellationToken, displayName: hostile);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (response, document, html) = await browser.GetAsync($"/consent/{site}", TestContext.CancellationToken);

        AssertScriptFreePage(response, document, html);
        Assert.AreEqual(hostile, document.QuerySelector(".cc-page__site")!.TextContent);
    }

    [TestMethod]
    [DataRow("/consent/no-such-site")]
    [DataRow("/consent/NOT_A_SITE_ID")]
    [DataRow("/consent/no-such-site/do-not-sell")]
    public async Task UnknownSite_IsA404Page(string url)
    {
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (response, document, html) = await browser.GetAsync(url, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no such site.", html);
        Assert.AreEqual("en", document.DocumentElement.GetAttribute("lang"));
        Assert.DoesNotContain("<script", html);
    }

    [TestMethod]
    public async Task Stylesheet_IsServedAtTheStaticAssetPath()
    {
        using var client = HostedPagesFixture.Browser();

        var response = await client.GetAsync("/_content/CookieConsent.Pages/cookieconsent.css", TestContext.CancellationToken);
        var css = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(":focus-visible", css);
        Assert.Contains(".cc-button", css);
    }
}
