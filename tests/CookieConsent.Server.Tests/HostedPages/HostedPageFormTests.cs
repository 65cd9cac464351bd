using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Tests.HostedPages;

[TestClass]
public sealed class HostedPageFormTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private static string[] Checked(AngleSharp.Dom.IDocument document) =>
        document.QuerySelectorAll("input[checked]").Select(i => i.Id ?? "").Order().ToArray();

    [TestMethod]
    public async Task AcceptAll_Records303sBackAndIsPreselectedNextTime()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        // The banner's form: both buttons of one form, posted to the hosted page.
        var (_, page, _) = await browser.GetAsync($"/consent/{site}?returnUrl=https://shop.example/basket", Ct);
        var overrides = new Dictionary<string, string> { ["decision"] = "accept-all" };

        var response = await browser.SubmitAsync(page, "button[value=save]", Ct, overrides);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual("https://shop.example/basket", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cc_consent=", StringComparison.Ordinal));
        Assert.Contains($"path=/consent/{site}", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);

        var (_, again, _) = await browser.GetAsync($"/consent/{site}", Ct);
        CollectionAssert.AreEqual(new[] { "cc-category-analytics-yes", "cc-category-marketing-yes" }, Checked(again));
        Assert.AreEqual("You've accepted additional cookies. You can change your cookie settings at any time.",
            again.QuerySelector(".cc-confirmation__text")!.TextContent);

        // Shown once.
        var (_, third, _) = await browser.GetAsync($"/consent/{site}", Ct);
        Assert.IsNull(third.QuerySelector(".cc-confirmation"));
    }

    [TestMethod]
    public async Task RejectAll_RefusesEveryOptionalCategory()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);

        var response = await browser.SubmitAsync(page, "button[value=save]", Ct, new Dictionary<string, string> { ["decision"] = "reject-all" });

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        var (_, again, _) = await browser.GetAsync($"/consent/{site}", Ct);
        CollectionAssert.AreEqual(new[] { "cc-category-analytics-no", "cc-category-marketing-no" }, Checked(again));
        Assert.Contains("You've rejected additional cookies.", again.QuerySelector(".cc-confirmation__text")!.TextContent);
    }

    [TestMethod]
    public async Task Save_StoresEachRadioAndWithdrawingIsAsEasy()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);

        await browser.SubmitAsync(page, "button[value=save]", Ct,
            new Dictionary<string, string> { ["category-analytics"] = "yes", ["category-marketing"] = "no" });
        var (_, second, _) = await browser.GetAsync($"/consent/{site}", Ct);
        CollectionAssert.AreEqual(new[] { "cc-category-analytics-yes", "cc-category-marketing-no" }, Checked(second));

        // Withdraw: same form, same one button.
        await browser.SubmitAsync(second, "button[value=save]", Ct, new Dictionary<string, string> { ["category-analytics"] = "no" });
        var (_, third, _) = await browser.GetAsync($"/consent/{site}", Ct);
        CollectionAssert.AreEqual(new[] { "cc-category-analytics-no", "cc-category-marketing-no" }, Checked(third));
    }

    [TestMethod]
    public async Task HostedChoice_IsWhatTheApiReports()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        var key = await HostedPagesFixture.CreateSiteKeyAsync(site, Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);
        await browser.SubmitAsync(page, "button[value=save]", Ct,
            new Dictionary<string, string> { ["category-analytics"] = "yes", ["category-marketing"] = "no" });

        var receipt = await browser.Client.GetAsync($"/consent/{site}/receipt", Ct);
        using var json = JsonDocument.Parse(await receipt.Content.ReadAsStringAsync(Ct));
        var visitor = json.RootElement.GetProperty("piiPrincipalId").GetString()!;

        using var api = HostedPagesFixture.Factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var decisions = await api.GetFromJsonAsync($"/v1/sites/{site}/visitors/{visitor}/consent", ConsentJsonContext.Default.ConsentDecisions, Ct);
        Assert.IsTrue(decisions!.IsAllowed("analytics"));
        Assert.IsFalse(decisions.IsAllowed("marketing"));
        Assert.AreEqual(DecisionReason.VisitorChoice, decisions.Categories.Single(c => c.Category == "analytics").Reason);
    }

    [TestMethod]
    public async Task PostWithoutAntiforgeryToken_ChangesNothing()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);

        // A cross-site form: the antiforgery cookie travels along, the token does not.
        var response = await browser.SubmitAsync(page, "button[value=save]", Ct,
            new Dictionary<string, string> { ["__RequestVerificationToken"] = "", ["decision"] = "accept-all" });
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing was changed", html);
        Assert.IsFalse(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cc_consent=", StringComparison.Ordinal)));
        var (_, again, _) = await browser.GetAsync($"/consent/{site}", Ct);
        Assert.IsEmpty(Checked(again));
    }

    [TestMethod]
    public async Task PostWithTokenFromAnotherBrowser_ChangesNothing()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var attacker = new HostedPageBrowser(HostedPagesFixture.Browser());
        using var victim = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, attackerPage, _) = await attacker.GetAsync($"/consent/{site}", Ct);
        var token = attackerPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var (_, victimPage, _) = await victim.GetAsync($"/consent/{site}", Ct);

        var response = await victim.SubmitAsync(victimPage, "button[value=save]", Ct,
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["decision"] = "accept-all" });

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    public async Task UnknownDecision_IsRejected()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);

        var response = await browser.SubmitAsync(page, "button[value=save]", Ct, new Dictionary<string, string> { ["decision"] = "accept-some" });

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    public async Task DoNotSell_RefusesSaleOrSharingAndKeepsTheRest()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, preferences, _) = await browser.GetAsync($"/consent/{site}", Ct);
        await browser.SubmitAsync(preferences, "button[value=save]", Ct, new Dictionary<string, string> { ["decision"] = "accept-all" });

        var (_, page, _) = await browser.GetAsync($"/consent/{site}/do-not-sell?returnUrl=/consent/{site}/do-not-sell", Ct);
        var response = await browser.SubmitAsync(page, "button[value=do-not-sell]", Ct);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual($"/consent/{site}/do-not-sell", response.Headers.Location!.OriginalString);
        var (_, after, afterHtml) = await browser.GetAsync($"/consent/{site}/do-not-sell", Ct);
        Assert.Contains("You have opted out of the sale or sharing of your personal information.", afterHtml);
        var (_, prefs, _) = await browser.GetAsync($"/consent/{site}", Ct);
        CollectionAssert.AreEqual(new[] { "cc-category-analytics-yes", "cc-category-marketing-no" }, Checked(prefs));
        Assert.IsNotNull(after);
    }

    [TestMethod]
    public async Task DoNotSell_WithoutToken_ChangesNothing()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct, ConsentRegime.OptOut);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}/do-not-sell", Ct);

        var response = await browser.SubmitAsync(page, "button[value=do-not-sell]", Ct,
            new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" });

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, after, _) = await browser.GetAsync($"/consent/{site}/do-not-sell", Ct);
        Assert.IsNull(after.QuerySelector(".cc-do-not-sell__done"));
    }

    [TestMethod]
    public async Task HideThisMessage_RemovesTheConfirmation()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);
        await browser.SubmitAsync(page, "button[value=save]", Ct, new Dictionary<string, string> { ["decision"] = "reject-all" });
        // The page the visitor came back to: read its form without consuming the notice a second time.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/consent/{site}");
        var response = await browser.Client.SendAsync(request, Ct);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Ct));
        Assert.IsNotNull(document.QuerySelector(".cc-confirmation"));

        var hide = await browser.SubmitAsync(document, ".cc-confirmation button", Ct);

        Assert.AreEqual(HttpStatusCode.SeeOther, hide.StatusCode);
        var deletion = hide.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cc_notice=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", deletion);
        Assert.Contains($"path=/consent/{site}", deletion);
        Assert.AreEqual($"/consent/{site}/notice/hide", document.QuerySelector(".cc-confirmation form")!.GetAttribute("action"));
    }

    [TestMethod]
    public async Task Receipt_IsAKantaraShapedJsonAttachment()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}", Ct);
        Assert.IsNull(page.QuerySelector("a.cc-receipt__link"), "no receipt before a choice");
        await browser.SubmitAsync(page, "button[value=save]", Ct,
            new Dictionary<string, string> { ["category-analytics"] = "no", ["category-marketing"] = "yes" });
        var (_, after, _) = await browser.GetAsync($"/consent/{site}", Ct);
        var link = after.QuerySelector("a.cc-receipt__link")!;

        var response = await browser.Client.GetAsync(link.GetAttribute("href"), Ct);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = json.RootElement;
        Assert.AreEqual("ISO/IEC TS 27560:2023; KI-CR-v1.1.0", root.GetProperty("version").GetString());
        foreach (var field in new[] { "jurisdiction", "piiPrincipalId", "piiControllers", "policyUrl", "records" })
        {
            Assert.IsTrue(root.TryGetProperty(field, out _), $"missing field {field}");
        }
        var record = root.GetProperty("records")[0];
        foreach (var field in new[] { "consentTimestamp", "collectionMethod", "consentReceiptID", "language", "notice", "purposes" })
        {
            Assert.IsTrue(record.TryGetProperty(field, out _), $"missing record field {field}");
        }
        Assert.AreEqual(1, record.GetProperty("policyVersion").GetInt32());
        Assert.AreEqual("hosted", record.GetProperty("surface").GetString());
        Assert.AreEqual("save", record.GetProperty("control").GetString());
        var given = record.GetProperty("purposes").EnumerateArray()
            .ToDictionary(p => p.GetProperty("purposeCategory")[0].GetString()!, p => p.GetProperty("consentGiven").GetBoolean());
        Assert.IsTrue(given["necessary"]);
        Assert.IsFalse(given["analytics"]);
        Assert.IsTrue(given["marketing"]);
    }

    [TestMethod]
    public async Task Receipt_WithoutConsentCookie_IsA404Page()
    {
        var site = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (response, _, html) = await browser.GetAsync($"/consent/{site}/receipt", Ct);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no consent record for you on this site yet.", html);
    }

    [TestMethod]
    public async Task ConsentCookieOfAnotherSite_IsNotUsed()
    {
        var siteA = await HostedPagesFixture.CreateSiteAsync(Ct);
        var siteB = await HostedPagesFixture.CreateSiteAsync(Ct);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{siteA}", Ct);
        var response = await browser.SubmitAsync(page, "button[value=save]", Ct, new Dictionary<string, string> { ["decision"] = "accept-all" });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cc_consent=", StringComparison.Ordinal));
        var value = cookie.Split(';')[0];

        // Replay site A's cookie against site B's pages.
        using var other = new HostedPageBrowser(HostedPagesFixture.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }));
        var (_, pageB, _) = await other.GetAsync($"/consent/{siteB}", Ct, ("Cookie", value));
        var (receiptB, _, _) = await other.GetAsync($"/consent/{siteB}/receipt", Ct, ("Cookie", value));

        Assert.IsEmpty(Checked(pageB));
        Assert.AreEqual(HttpStatusCode.NotFound, receiptB.StatusCode);
    }
}
