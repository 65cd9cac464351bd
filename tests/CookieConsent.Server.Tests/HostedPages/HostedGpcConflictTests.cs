using System.Net;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Tests.HostedPages;

[TestClass]
public sealed class HostedGpcConflictTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static readonly (string, string) Gpc = ("Sec-GPC", "1");

    private static string[] Checked(AngleSharp.Dom.IDocument document) =>
        document.QuerySelectorAll("input[checked]").Select(i => i.Id ?? "").Order().ToArray();

    [TestMethod]
    public async Task AcceptAllWithGpc_ShowsTheConflict_AndKeepsSaleOrSharingRefused()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct, Gpc);

        using var response = await browser.SubmitAsync(page, "button[value=accept-all]", Ct, headers: Gpc);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var conflict = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));
        Assert.AreEqual("Your browser asks us not to sell or share your information", conflict.QuerySelector("h1")!.TextContent);
        CollectionAssert.AreEqual(new[] { "Marketing" }, conflict.QuerySelectorAll(".cc-gpc-conflict__categories li").Select(l => l.TextContent).ToArray());
        Assert.AreEqual("yes", conflict.QuerySelector("input[name=confirm-over-gpc]")!.GetAttribute("value"));
        Assert.IsEmpty(conflict.QuerySelectorAll("script"));

        var (_, later, _) = await browser.GetAsync($"/consent/{site}", Ct);
        CollectionAssert.AreEqual(new[] { "cc-category-analytics-yes", "cc-category-marketing-no" }, Checked(later),
            "without confirmation the sale-or-sharing category stays refused; the other choice is kept");
    }

    [TestMethod]
    public async Task ConfirmingOverGpc_AllowsTheCategory()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct, Gpc);
        using var response = await browser.SubmitAsync(page, "button[value=accept-all]", Ct, headers: Gpc);
        var conflict = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));

        using var confirmed = await browser.SubmitAsync(conflict, "button[value=save]", Ct, headers: Gpc);

        Assert.AreEqual(HttpStatusCode.SeeOther, confirmed.StatusCode);
        var (_, later, _) = await browser.GetAsync($"/consent/{site}", Ct);
        CollectionAssert.AreEqual(new[] { "cc-category-analytics-yes", "cc-category-marketing-yes" }, Checked(later));
    }

    [TestMethod]
    public async Task RejectAllWithGpc_HasNoConflict_And303s()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct, Gpc);

        using var response = await browser.SubmitAsync(page, "button[value=reject-all]", Ct, headers: Gpc);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
    }
}
