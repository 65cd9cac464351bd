using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.HostedPages;

[TestClass]
public sealed class HostedPagePrivacyStatusTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static string[] Checked(AngleSharp.Dom.IDocument document) =>
        document.QuerySelectorAll("input[checked]").Select(i => i.Id ?? "").Order().ToArray();

    [TestMethod]
    public async Task NothingRefused_NoStatusLine()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);

        Assert.IsNull(page.QuerySelector(".cc-privacy-status"));
    }

    [TestMethod]
    public async Task GpcOnTheRequest_FooterSaysOptOutHonored_WithALinkToTheSettings()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (_, page, _) = await browser.GetAsync($"/consent/{site}/do-not-sell", Ct, ("Sec-GPC", "1"));

        var status = page.QuerySelector("footer .cc-privacy-status")!;
        Assert.AreEqual("Opt-out request honored", status.QuerySelector(".cc-privacy-status__text")!.TextContent);
        Assert.AreEqual($"/consent/{site}", status.QuerySelector("a")!.GetAttribute("href"));
    }

    [TestMethod]
    public async Task AcceptedThenOnePageWithGpc_IsRecorded_LaterPagesWithoutItStayOptedOut()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, first, _) = await browser.GetAsync($"/consent/{site}", Ct);
        await browser.SubmitAsync(first, "button[value=save]", Ct, new Dictionary<string, string> { ["decision"] = "accept-all" });

        await browser.GetAsync($"/consent/{site}", Ct, ("Sec-GPC", "1"));
        var (_, later, _) = await browser.GetAsync($"/consent/{site}", Ct);

        CollectionAssert.AreEqual(new[] { "cc-category-analytics-yes", "cc-category-marketing-no" }, Checked(later),
            "the signal was recorded as a refusal of marketing only");
        Assert.AreEqual("Opt-out request honored", later.QuerySelector("footer .cc-privacy-status__text")!.TextContent);
        var visitor = await VisitorOfAsync(browser, site);
        Assert.AreEqual(2, await StoredVisitor.ReceiptCountAsync(site, visitor),
            "one receipt for the choice, one for the signal");
    }

    [TestMethod]
    public async Task GpcSeenAgainAndAgainOnHostedPages_IsRecordedOnce()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, first, _) = await browser.GetAsync($"/consent/{site}", Ct);
        await browser.SubmitAsync(first, "button[value=save]", Ct, new Dictionary<string, string> { ["decision"] = "accept-all" });

        for (var i = 0; i < 3; i++)
        {
            await browser.GetAsync($"/consent/{site}/do-not-sell", Ct, ("Sec-GPC", "1"));
        }

        Assert.AreEqual(2, await StoredVisitor.ReceiptCountAsync(site, await VisitorOfAsync(browser, site)));
    }

    // The visitor id the server's cookie carries, as the visitor's own receipt download states it.
    private async Task<string> VisitorOfAsync(HostedPageBrowser browser, string site)
    {
        using var receipt = await browser.Client.GetAsync($"/consent/{site}/receipt", Ct);
        using var json = JsonDocument.Parse(await receipt.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("piiPrincipalId").GetString()!;
    }
}
