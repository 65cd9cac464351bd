using CookieConsent.AspNetCore.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Tests.TagHelpers;

[TestClass]
public sealed class ConsentBannerTagHelperTests
{
    public TestContext TestContext { get; set; } = null!;

    private async Task<(HttpResponseMessage Response, string Html)> GetAsync(
        IConsentFeature? feature, string path = "/", Action<HttpRequestMessage>? configure = null)
    {
        await using var host = await TagHelperHost.StartAsync(_ => feature, TestContext.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(request);
        var response = await host.Client.SendAsync(request, TestContext.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, html);
        return (response, html);
    }

    [TestMethod]
    public async Task NoValidChoice_ShowsTheBannerWithTokenAndForms()
    {
        var (_, html) = await GetAsync(new TestConsentFeature { NeedsChoice = true }, "/?page=2");
        var document = Markup.Parse(html);

        var form = document.QuerySelector(".cc-banner form")!;
        Assert.AreEqual("/consent/choices", form.GetAttribute("action"));
        Assert.AreEqual("post", form.GetAttribute("method"));
        Assert.IsFalse(string.IsNullOrEmpty(form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")),
            "the real antiforgery token is in the form");
        Assert.AreEqual("/?page=2", form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.IsNotNull(form.QuerySelector("button[name=decision][value=accept-all]"));
        Assert.IsNotNull(form.QuerySelector("button[name=decision][value=reject-all]"));
        Assert.AreEqual("/Settings", document.QuerySelector(".cc-banner .cc-links a")!.GetAttribute("href"));
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public async Task ValidChoice_ShowsNoBanner()
    {
        var site = TestSites.Site();
        var (_, html) = await GetAsync(new TestConsentFeature
        {
            NeedsChoice = false,
            Decisions = TestSites.Chosen(site, ("analytics", false), ("marketing", false)),
        });

        Assert.DoesNotContain("cc-banner", html);
        Assert.DoesNotContain("<consent-banner", html);
    }

    [TestMethod]
    public async Task NoConsentFeature_ShowsNothing()
    {
        var (_, html) = await GetAsync(feature: null);

        Assert.DoesNotContain("cc-banner", html);
        Assert.DoesNotContain("<consent-banner", html);
    }

    [TestMethod]
    public async Task SiteDefinitionUnavailable_ShowsNothing()
    {
        var (_, html) = await GetAsync(new TestConsentFeature { Definition = null, NeedsChoice = true });

        Assert.DoesNotContain("cc-banner", html);
    }

    [TestMethod]
    [DataRow("accepted", "You've accepted additional cookies.")]
    [DataRow("rejected", "You've rejected additional cookies.")]
    [DataRow("saved", "You've saved your cookie settings.")]
    public async Task NoticeCookie_ShowsConfirmationOnceAndDeletesTheCookie(string notice, string text)
    {
        var (response, html) = await GetAsync(
            new TestConsentFeature { NeedsChoice = false },
            configure: r => r.Headers.Add("Cookie", "cc_notice=" + notice));
        var document = Markup.Parse(html);

        Assert.AreEqual(text + " You can change your cookie settings at any time.",
            document.QuerySelector(".cc-confirmation__text")!.TextContent);
        Assert.AreEqual("/consent/notice/hide", document.QuerySelector(".cc-confirmation form")!.GetAttribute("action"));
        Assert.IsNull(document.QuerySelector("button[value=accept-all]"));
        var deletion = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cc_notice=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", deletion);
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public async Task UnknownNoticeValue_ShowsNoConfirmationButStillDeletesIt()
    {
        var (response, html) = await GetAsync(
            new TestConsentFeature { NeedsChoice = false },
            configure: r => r.Headers.Add("Cookie", "cc_notice=%3Cscript%3E"));

        Assert.DoesNotContain("cc-confirmation", html);
        Assert.IsTrue(response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("cc_notice=;", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow("de-DE,de;q=0.9,en;q=0.5", "de", "Alle ablehnen")]
    [DataRow("fr;q=0.4, es;q=0.9", "es", "Rechazar todas")]
    [DataRow("ja", "en", "Reject all")]
    public async Task AcceptLanguage_ChoosesBannerLanguageAndHtmlLang(string acceptLanguage, string lang, string reject)
    {
        var (_, html) = await GetAsync(new TestConsentFeature(), configure: r => r.Headers.Add("Accept-Language", acceptLanguage));
        var document = Markup.Parse(html);

        Assert.Contains($"<html lang=\"{lang}\">", html);
        Assert.AreEqual(reject, document.QuerySelector("button[value=reject-all]")!.TextContent);
    }

    [TestMethod]
    public async Task SiteDefaultLocale_IsTheFallbackForHtmlLang()
    {
        var site = TestSites.Site(defaultLocale: "fr");
        var (_, html) = await GetAsync(new TestConsentFeature { Definition = site, Decisions = TestSites.NoChoice(site) },
            configure: r => r.Headers.Add("Accept-Language", "ja"));

        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("Tout refuser", html);
    }

    [TestMethod]
    public async Task PathBaseAttribute_WinsOverTheDefault()
    {
        await using var host = await TagHelperHost.StartAsync(_ => new TestConsentFeature(), TestContext.CancellationToken,
            services => services.Configure<CookieConsentOptions>(o => o.PathBase = "/privacy"));
        var html = await host.Client.GetStringAsync("/", TestContext.CancellationToken);
        var document = Markup.Parse(html);

        Assert.AreEqual("/privacy/choices", document.QuerySelector(".cc-banner form")!.GetAttribute("action"));
    }

    [TestMethod]
    public async Task GpcHeaderSignal_IsShownInTheBanner()
    {
        var (_, html) = await GetAsync(new TestConsentFeature { Signals = new ConsentSignals(false, true) });

        Assert.Contains("Opt-out preference signal honored", html);
    }
}
