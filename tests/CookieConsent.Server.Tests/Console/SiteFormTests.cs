using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

[TestClass]
public sealed class SiteFormTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private TestApi Api => new(TestAssembly.Server.CreateClient(), TestContext);

    private async Task<ConsoleClient> SignedInAsync()
    {
        var console = ConsoleClient.For(TestAssembly.Server, Ct);
        await console.SignInAsync();
        return console;
    }

    [TestMethod]
    public async Task SensitiveHomeUrlAndReAskInterval_SetOnTheForm_AreWhatTheApiReturns()
    {
        using var console = await SignedInAsync();
        var site = TestSites.UniqueId(TestContext);
        var form = await console.GetAsync("/admin/sites/new");
        Assert.Contains("365 days on opt-out sites, 183 on opt-in sites", form.Document.QuerySelector("#f-refusalLifetimeDays-hint")!.TextContent,
            "an empty re-ask interval is explained as the regime's minimum");

        var created = await console.SubmitAsync(form, "form.cx-form", new()
        {
            ["siteId"] = site,
            ["displayName"] = "Sensitive shop",
            ["regime"] = "opt-out",
            ["refusalLifetimeDays"] = "",
            ["allowedReturnHosts"] = "shop.example",
            ["homeUrl"] = "https://shop.example/start",
            ["categories[0].id"] = "health",
            ["categories[0].sensitive"] = "on",
            ["categories[0].texts.en.name"] = "Health",
            ["categories[0].texts.en.description"] = "Symptom checker.",
        });

        Assert.AreEqual(HttpStatusCode.SeeOther, created.Status, created.Html);
        var stored = await FormSafetyTests.GetSiteAsync(Api, site);
        Assert.AreEqual("https://shop.example/start", stored.HomeUrl);
        Assert.IsNull(stored.RefusalLifetimeDays, "empty means the regime's minimum");
        Assert.IsTrue(stored.Categories.Single().Sensitive);
        var edit = await console.GetAsync($"/admin/sites/{site}");
        Assert.AreEqual("https://shop.example/start", edit.Document.QuerySelector("#f-homeUrl")!.GetAttribute("value"));
        Assert.IsTrue(edit.Document.QuerySelector("#f-categories-0-sensitive")!.HasAttribute("checked"));

        var cleared = await console.SubmitAsync(edit, "form.cx-form", new() { ["categories[0].sensitive"] = null, ["homeUrl"] = "" });

        Assert.AreEqual(HttpStatusCode.SeeOther, cleared.Status, cleared.Html);
        stored = await FormSafetyTests.GetSiteAsync(Api, site);
        Assert.IsNull(stored.HomeUrl);
        Assert.IsFalse(stored.Categories.Single().Sensitive);
    }

    [TestMethod]
    public async Task HomeUrlOffTheReturnHosts_IsRefusedNextToTheField_WithTheApisMessage_AndNothingStored()
    {
        var site = await Api.CreateSiteAsync();
        using var console = await SignedInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");

        var answer = await console.SubmitAsync(edit, "form.cx-form", new() { ["homeUrl"] = "https://elsewhere.example/" });

        answer.AssertStatus(HttpStatusCode.BadRequest);
        using var api = await Api.PutSiteAsync(site, TestSites.Default() with { HomeUrl = "https://elsewhere.example/" });
        var problem = await api.Content.ReadAsStringAsync(Ct);
        var message = answer.Document.QuerySelector("#f-homeUrl-error")!.TextContent;
        Assert.IsFalse(string.IsNullOrEmpty(message));
        Assert.Contains(message, problem, "the form shows the API's own message");
        Assert.IsNull((await FormSafetyTests.GetSiteAsync(Api, site)).HomeUrl);
    }

    [TestMethod]
    public async Task CreateSite_ThroughTheForm_StoresWhatTheApiThenReturns_AndListsIt()
    {
        using var console = await SignedInAsync();
        var site = TestSites.UniqueId(TestContext);
        var form = await console.GetAsync("/admin/sites/new");

        var created = await console.SubmitAsync(form, "form.cx-form", new()
        {
            ["siteId"] = site,
            ["displayName"] = "Form shop",
            ["regime"] = "opt-out",
            ["honorDoNotTrack"] = null,
            ["consentLifetimeDays"] = "90",
            ["refusalLifetimeDays"] = "400",
            ["allowedReturnHosts"] = "shop.example\nwww.shop.example",
            ["cookieDomain"] = ".shop.example",
            ["categories[0].id"] = "necessary",
            ["categories[0].required"] = "on",
            ["categories[0].cookies"] = "session\ncart_*",
            ["categories[0].texts.en.name"] = "Necessary",
            ["categories[0].texts.en.description"] = "Keeps the basket.",
        });

        Assert.AreEqual(HttpStatusCode.SeeOther, created.Status, created.Html);
        Assert.AreEqual($"/admin/sites/{site}?saved=1", created.Location);
        var stored = await FormSafetyTests.GetSiteAsync(Api, site);
        Assert.AreEqual("Form shop", stored.DisplayName);
        Assert.AreEqual(ConsentRegime.OptOut, stored.Regime);
        Assert.IsFalse(stored.HonorDoNotTrack);
        Assert.IsTrue(stored.HonorGlobalPrivacyControl);
        Assert.AreEqual(90, stored.ConsentLifetimeDays);
        Assert.AreEqual(400, stored.RefusalLifetimeDays);
        Assert.AreEqual(".shop.example", stored.CookieDomain);
        CollectionAssert.AreEqual(new[] { "shop.example", "www.shop.example" }, stored.AllowedReturnHosts.ToArray());
        var category = stored.Categories.Single();
        Assert.AreEqual("necessary", category.Id);
        Assert.IsTrue(category.Required);
        CollectionAssert.AreEqual(new[] { "session", "cart_*" }, category.Cookies.ToArray());
        Assert.AreEqual(new CategoryText("Necessary", "Keeps the basket."), category.Texts["en"]);
        Assert.AreEqual(1, stored.PolicyVersions.Single().Version);

        var list = await console.GetAsync("/admin/sites");
        Assert.IsNotNull(list.Document.QuerySelector($"a[href='/admin/sites/{site}']"));
        var edit = await console.GetAsync(created.Location!);
        Assert.AreEqual("Saved.", edit.Document.QuerySelector(".cx-success")!.TextContent);
    }

    [TestMethod]
    public async Task AddingACategoryWithTextsInTwoLocales_KeepsTheOthers_AndIsRecordedInTheAuditLog()
    {
        var site = await Api.CreateSiteAsync();
        using var console = await SignedInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");

        var saved = await console.SubmitAsync(edit, "form.cx-form", new()
        {
            ["categories[3].id"] = "video",
            ["categories[3].saleOrSharing"] = "on",
            ["categories[3].cookies"] = "yt_*",
            ["categories[3].texts.en.name"] = "Videos",
            ["categories[3].texts.en.description"] = "Embedded videos.",
            ["categories[3].texts.de.name"] = "Videos",
            ["categories[3].texts.de.description"] = "Eingebettete Videos.",
        });

        Assert.AreEqual(HttpStatusCode.SeeOther, saved.Status, saved.Html);
        var stored = await FormSafetyTests.GetSiteAsync(Api, site);
        CollectionAssert.AreEqual(new[] { "necessary", "analytics", "marketing", "video" }, stored.Categories.Select(c => c.Id).ToArray());
        Assert.AreEqual(TestSites.Default().Categories[1].Texts["de"], stored.Categories[1].Texts["de"], "untouched categories keep their texts");
        var video = stored.Categories[3];
        Assert.IsTrue(video.SaleOrSharing);
        CollectionAssert.AreEquivalent(new[] { "en", "de" }, video.Texts.Keys.ToArray());
        Assert.AreEqual("Eingebettete Videos.", video.Texts["de"].Description);
        var audit = await console.GetAsync($"/admin/sites/{site}/audit");
        var newest = audit.Document.QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("console:", newest);
        Assert.Contains("site.changed", newest);
        Assert.Contains("added category video", newest);
    }

    [TestMethod]
    public async Task RemovingACategory_RemovesItAndNothingElse()
    {
        var site = await Api.CreateSiteAsync();
        using var console = await SignedInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");

        await console.SubmitAsync(edit, "form.cx-form", new() { ["categories[1].remove"] = "on" });

        var stored = await FormSafetyTests.GetSiteAsync(Api, site);
        CollectionAssert.AreEqual(new[] { "necessary", "marketing" }, stored.Categories.Select(c => c.Id).ToArray());
    }

    [TestMethod]
    public async Task InvalidFields_ShowEveryErrorOfTheApisValidatorNextToItsField_AndNothingIsStored()
    {
        var site = await Api.CreateSiteAsync();
        using var console = await SignedInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");
        var bad = new Dictionary<string, string?>
        {
            ["displayName"] = "",
            ["regime"] = "sometimes",
            ["consentLifetimeDays"] = "400",
            ["refusalLifetimeDays"] = "0",
            ["cookieName"] = "bad name",
            ["cookieDomain"] = "not a host",
            ["policyUrl"] = "ftp://x",
            ["allowedReturnHosts"] = "exa mple",
            ["categories[0].saleOrSharing"] = "on",
            ["categories[1].id"] = "Analytics!",
            ["categories[2].id"] = "necessary",
            ["categories[2].cookies"] = new string('c', 129),
            ["categories[2].texts.en.name"] = "",
            ["categories[2].texts.en.description"] = "",
            ["categories[2].texts.de.name"] = "",
            ["categories[2].texts.de.description"] = "",
        };

        var answer = await console.SubmitAsync(edit, "form.cx-form", bad);

        answer.AssertStatus(HttpStatusCode.BadRequest);
        // What the API's validator says of the same definition, field by field, is on the page next to each field.
        var expected = SiteValidator.Validate(TestSites.Default() with
        {
            DisplayName = "",
            Regime = (ConsentRegime)(-1),
            ConsentLifetimeDays = 400,
            RefusalLifetimeDays = 0,
            CookieName = "bad name",
            CookieDomain = "not a host",
            PolicyUrl = "ftp://x",
            AllowedReturnHosts = ["exa mple"],
            Categories =
            [
                TestSites.Default().Categories[0] with { SaleOrSharing = true },
                TestSites.Default().Categories[1] with { Id = "Analytics!" },
                TestSites.Default().Categories[2] with { Id = "necessary", Cookies = [new string('c', 129)], Texts = new Dictionary<string, CategoryText>() },
            ],
        });
        Assert.IsGreaterThanOrEqualTo(10, expected.Count);
        foreach (var (field, messages) in expected)
        {
            var shown = answer.ErrorFor(field);
            Assert.IsNotNull(shown, $"no error shown for {field}");
            foreach (var message in messages)
            {
                Assert.Contains(message, shown, field);
            }
            if (answer.Field(field) is { } input && input.LocalName is "input" or "select" or "textarea")
            {
                Assert.AreEqual("true", input.GetAttribute("aria-invalid"), field);
                Assert.Contains(ConsolePage.FieldId(field) + "-error", input.GetAttribute("aria-describedby") ?? "", field);
            }
        }
        Assert.HasCount(expected.Sum(e => e.Value.Length), answer.Document.QuerySelectorAll(".cx-summary li"));
        // The posted values stay in the form to be corrected, as typed.
        Assert.AreEqual("Analytics!", answer.Field("categories[1].id")!.GetAttribute("value"));
        Assert.AreEqual("400", answer.Field("consentLifetimeDays")!.GetAttribute("value"));

        var stored = await FormSafetyTests.GetSiteAsync(Api, site);
        Assert.AreEqual("Test shop", stored.DisplayName);
        CollectionAssert.AreEqual(new[] { "necessary", "analytics", "marketing" }, stored.Categories.Select(c => c.Id).ToArray());
    }

    [TestMethod]
    public async Task NewSite_WithABadOrTakenId_IsRefusedNextToTheIdField()
    {
        var taken = await Api.CreateSiteAsync();
        using var console = await SignedInAsync();
        var form = await console.GetAsync("/admin/sites/new");
        var valid = new Dictionary<string, string?>
        {
            ["displayName"] = "X",
            ["allowedReturnHosts"] = "x.example",
            ["categories[0].id"] = "necessary",
            ["categories[0].required"] = "on",
            ["categories[0].texts.en.name"] = "Necessary",
            ["categories[0].texts.en.description"] = "Needed.",
        };

        var badId = await console.SubmitAsync(form, "form.cx-form", new(valid) { ["siteId"] = "Not An Id", ["consentLifetimeDays"] = "half a year" });
        var takenId = await console.SubmitAsync(form, "form.cx-form", new(valid) { ["siteId"] = taken });

        badId.AssertStatus(HttpStatusCode.BadRequest);
        Assert.Contains("1 to 64 of a-z, 0-9 and '-'", badId.ErrorFor("siteId")!);
        Assert.AreEqual("Between 1 and 395 days.", badId.ErrorFor("consentLifetimeDays"));
        Assert.AreEqual("half a year", badId.Field("consentLifetimeDays")!.GetAttribute("value"), "shown as typed");
        takenId.AssertStatus(HttpStatusCode.BadRequest);
        Assert.AreEqual("A site with this id already exists.", takenId.ErrorFor("siteId"));
        Assert.AreEqual("Test shop", (await FormSafetyTests.GetSiteAsync(Api, taken)).DisplayName);
    }

    [TestMethod]
    public async Task Preview_DrawsTheBannerAndPreferencesInTheChosenLocale_Inert()
    {
        var site = await Api.CreateSiteAsync();
        using var console = await SignedInAsync();

        var preview = await console.GetAsync($"/admin/sites/{site}/preview?locale=de");

        preview.AssertStatus(HttpStatusCode.OK);
        var parts = preview.Document.QuerySelectorAll(".cx-preview[inert][lang=de]");
        Assert.HasCount(2, parts);
        Assert.IsNotNull(parts[0].QuerySelector(".cc-banner"));
        Assert.IsNotNull(parts[1].QuerySelector(".cc-preferences"));
        Assert.Contains("Cookies für analytics.", parts[1].TextContent);
        Assert.AreEqual("de", preview.Document.QuerySelector("a.cx-choice[aria-current=page]")!.TextContent);
    }
}
