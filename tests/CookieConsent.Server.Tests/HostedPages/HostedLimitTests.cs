using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Server.Tests.HostedPages;

/// <summary>"Limit the Use of My Sensitive Personal Information" (CCPA regulations §7027) on the hosted pages.</summary>
[TestClass]
public sealed class HostedLimitTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task Limit_RefusesSensitiveCategories_KeepsTheRest_AndTheApiSaysVisitorRefusal()
    {
        var site = await CreateSiteAsync(ConsentRegime.OptOut, sensitive: true);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, preferences, _) = await browser.GetAsync($"/consent/{site}", Ct);
        await browser.SubmitAsync(preferences, "button[value=save]", Ct, new Dictionary<string, string> { ["decision"] = "accept-all" });

        var (status, page, _) = await browser.GetAsync($"/consent/{site}/limit?returnUrl=/consent/{site}/limit", Ct);
        Assert.AreEqual(HttpStatusCode.OK, status.StatusCode);
        StringAssert.Contains(status.Headers.GetValues("Content-Security-Policy").Single(), "script-src 'none'");
        Assert.IsEmpty(page.QuerySelectorAll("script"));
        Assert.IsNull(page.QuerySelector(".cc-limit__done"));
        CollectionAssert.AreEqual(new[] { "location" },
            page.QuerySelectorAll(".cc-limit__categories li").Select(li => li.GetAttribute("data-category")).ToArray());
        var response = await browser.SubmitAsync(page, "button[value=limit]", Ct);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.AreEqual($"/consent/{site}/limit", response.Headers.Location!.OriginalString);
        var (_, after, _) = await browser.GetAsync($"/consent/{site}/limit", Ct);
        Assert.AreEqual("You have limited the use of your sensitive personal information.", after.QuerySelector(".cc-limit__done")!.TextContent);
        Assert.AreEqual("Limit request honored", after.QuerySelector("footer .cc-privacy-status__text")!.TextContent);
        Assert.IsNotNull(after.QuerySelector("button[value=limit-undo]"), "lifting the limit is one button too");

        var decisions = await DecisionsAsync(browser, site);
        Assert.IsFalse(decisions.IsAllowed("location"));
        Assert.AreEqual(DecisionReason.VisitorRefusal, decisions.Categories.Single(c => c.Category == "location").Reason);
        Assert.IsTrue(decisions.IsAllowed("analytics"), "the other choices are kept");
        Assert.IsTrue(decisions.IsAllowed("marketing"), "the other choices are kept");
    }

    [TestMethod]
    public async Task LimitUndo_AllowsSensitiveCategoriesAgainAsTheVisitorsChoice()
    {
        var site = await CreateSiteAsync(ConsentRegime.OptOut, sensitive: true);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}/limit", Ct);
        await browser.SubmitAsync(page, "button[value=limit]", Ct);

        var (_, limited, _) = await browser.GetAsync($"/consent/{site}/limit", Ct);
        await browser.SubmitAsync(limited, "button[value=limit-undo]", Ct);

        var (_, after, _) = await browser.GetAsync($"/consent/{site}/limit", Ct);
        Assert.IsNull(after.QuerySelector(".cc-limit__done"));
        Assert.IsNull(after.QuerySelector(".cc-privacy-status"));
        var decisions = await DecisionsAsync(browser, site);
        Assert.AreEqual(DecisionReason.VisitorChoice, decisions.Categories.Single(c => c.Category == "location").Reason);
        Assert.IsTrue(decisions.IsAllowed("location"));
    }

    [TestMethod]
    public async Task LimitPage_IsInTheVisitorsLanguage_AndLinkedFromTheOtherPages()
    {
        var site = await CreateSiteAsync(ConsentRegime.OptOut, sensitive: true);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (_, page, _) = await browser.GetAsync($"/consent/{site}/limit", Ct, ("Accept-Language", "de-DE"));
        var (_, preferences, _) = await browser.GetAsync($"/consent/{site}", Ct);

        Assert.AreEqual("de", page.DocumentElement.GetAttribute("lang"));
        Assert.AreEqual("Verwendung meiner sensiblen personenbezogenen Daten einschränken", page.QuerySelector("h1")!.TextContent);
        Assert.IsNotNull(preferences.QuerySelector($"nav a[href='/consent/{site}/limit']"));
    }

    [TestMethod]
    [DataRow(ConsentRegime.OptOut, false, DisplayName = "opt-out site without a sensitive category")]
    [DataRow(ConsentRegime.OptIn, true, DisplayName = "opt-in site with a sensitive category")]
    public async Task SiteWithoutTheLimitRight_AnswersA404Page_AndAPostChangesNothing(ConsentRegime regime, bool sensitive)
    {
        var site = await CreateSiteAsync(regime, sensitive);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());

        var (get, page, _) = await browser.GetAsync($"/consent/{site}/limit", Ct);
        var (_, preferences, _) = await browser.GetAsync($"/consent/{site}", Ct);
        // The preferences form's own valid antiforgery field, posted to the limit page as its form would be.
        var fields = preferences.QuerySelectorAll("form.cc-preferences__form input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Append(new("decision", "limit"));
        using var post = await browser.Client.PostAsync($"/consent/{site}/limit", new FormUrlEncodedContent(fields), Ct);

        Assert.AreEqual(HttpStatusCode.NotFound, get.StatusCode);
        StringAssert.StartsWith(get.Content.Headers.ContentType!.ToString(), "text/html");
        Assert.Contains("does not use sensitive personal information", page.QuerySelector("main")!.TextContent);
        Assert.AreEqual(HttpStatusCode.NotFound, post.StatusCode);
        Assert.IsNull(preferences.QuerySelector($"a[href*='/limit']"), "no link to a page that does not exist");
        using var receipt = await browser.Client.GetAsync($"/consent/{site}/receipt", Ct);
        Assert.AreEqual(HttpStatusCode.NotFound, receipt.StatusCode, "nothing was recorded");
    }

    [TestMethod]
    public async Task LimitWithoutAntiforgeryToken_ChangesNothing()
    {
        var site = await CreateSiteAsync(ConsentRegime.OptOut, sensitive: true);
        using var browser = new HostedPageBrowser(HostedPagesFixture.Browser());
        var (_, page, _) = await browser.GetAsync($"/consent/{site}/limit", Ct);

        var response = await browser.SubmitAsync(page, "button[value=limit]", Ct,
            new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" });

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, after, _) = await browser.GetAsync($"/consent/{site}/limit", Ct);
        Assert.IsNull(after.QuerySelector(".cc-limit__done"));
    }

    private async Task<ConsentDecisions> DecisionsAsync(HostedPageBrowser browser, string site)
    {
        var key = await HostedPagesFixture.CreateSiteKeyAsync(site, Ct);
        using var receipt = await browser.Client.GetAsync($"/consent/{site}/receipt", Ct);
        using var json = JsonDocument.Parse(await receipt.Content.ReadAsStringAsync(Ct));
        var visitor = json.RootElement.GetProperty("piiPrincipalId").GetString()!;
        using var api = HostedPagesFixture.Factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (await api.GetFromJsonAsync($"/v1/sites/{site}/visitors/{visitor}/consent", ConsentJsonContext.Default.ConsentDecisions, Ct))!;
    }

    // necessary, analytics, marketing (sale or sharing) and, when asked, location (sensitive).
    private async Task<string> CreateSiteAsync(ConsentRegime regime, bool sensitive)
    {
        var site = "hl-" + Guid.NewGuid().ToString("N")[..12];
        static CategoryDefinition Category(string id, bool required, bool sale, bool sensitive, string name) =>
            new(id, required, sale, new Dictionary<string, CategoryText> { ["en"] = new(name, name + ".") }, [], sensitive);
        var categories = new List<CategoryDefinition>
        {
            Category("necessary", true, false, false, "Strictly necessary"),
            Category("analytics", false, false, false, "Analytics"),
            Category("marketing", false, true, false, "Marketing"),
        };
        if (sensitive)
        {
            categories.Add(Category("location", false, false, true, "Precise location"));
        }
        var definition = new SiteDefinition("Example Shop", categories, [new PolicyVersion(1, DateTimeOffset.UnixEpoch, [])],
            ["shop.example"]) { Regime = regime };
        var services = new ServiceCollection().AddLogging();
        services.AddCookieConsentAdminClient(options =>
        {
            options.ServerUrl = HostedPagesFixture.Factory.Server.BaseAddress.ToString();
            options.AdminKey = HostedPagesFixture.AdminKey;
        }).ConfigurePrimaryHttpMessageHandler(() => HostedPagesFixture.Factory.Server.CreateHandler());
        await using var admin = services.BuildServiceProvider();
        await admin.GetRequiredService<ICookieConsentAdminApi>().PutSiteAsync(site, definition, Ct);
        return site;
    }
}
