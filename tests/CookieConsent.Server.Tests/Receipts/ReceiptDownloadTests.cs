using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Tests.Infrastructure;
using Json.Schema;

namespace CookieConsent.Server.Tests.Receipts;

[TestClass]
public sealed class ReceiptDownloadTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    private static SiteDefinition WithAnalyticsTexts(SiteDefinition definition, string english, string german) => definition with
    {
        Categories = [.. definition.Categories.Select(c => c.Id == "analytics"
            ? c with { Texts = new Dictionary<string, CategoryText> { ["en"] = new(english, english + "."), ["de"] = new(german, german + ".") } }
            : c)],
    };

    // An older build's wording: today's strings with another German banner title, stored as a server would store it.
    private static async Task<string> StoreOlderWordingAsync(string germanTitle)
    {
        var node = JsonNode.Parse(Pages.Wording.Json.Span)!;
        node["de"]!["bannerTitle"] = germanTitle;
        var canonical = CanonicalBytes(node);
        var version = Pages.Wording.VersionOf(canonical);
        await TestAssembly.Database.StringSetAsync(Keys.Wording(version), canonical);
        await TestAssembly.Database.SetAddAsync(Keys.WordingVersions(), version);
        return version;
    }

    private static byte[] CanonicalBytes(JsonNode node)
    {
        static JsonNode? Sorted(JsonNode? n) => n switch
        {
            JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
            null => null,
            _ => JsonNode.Parse(n.ToJsonString()),
        };
        return JsonSerializer.SerializeToUtf8Bytes(Sorted(node));
    }

    private async Task<RecordConsentResponse> RecordAsync(
        string site, string key, string visitor, IReadOnlyDictionary<string, bool> choices, ConsentShown shown)
    {
        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key,
            JsonContent.Create(new RecordConsentRequest(choices, Shown: shown), ConsentJsonContext.Default.RecordConsentRequest));
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.RecordConsentResponse, TestContext.CancellationToken))!;
    }

    private async Task<JsonElement> DownloadAsync(string site, ConsentCookie cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/consent/{site}/receipt");
        request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        request.Headers.Add("Accept-Language", "fr");
        using var response = await TestAssembly.Server.CreateClient().SendAsync(request, TestContext.CancellationToken);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken)).RootElement.Clone();
    }

    [TestMethod]
    public async Task TextsChangedTwice_EachReceiptShowsTheWordsOfItsOwnRevisionAndWording_InItsOwnLanguage()
    {
        var first = WithAnalyticsTexts(TestSites.Default(), "Statistics one", "Statistik eins");
        var second = WithAnalyticsTexts(first, "Statistics two", "Statistik zwei");
        var third = WithAnalyticsTexts(first, "Statistics three", "Statistik drei");
        var (site, key) = await Api.CreateSiteWithKeyAsync(first);
        var older = await StoreOlderWordingAsync("Eine ältere Überschrift");
        await TestAssembly.Database.SetAddAsync(Keys.WordingVersions(), Pages.Wording.Version);
        var visitor = TestApi.NewVisitor();

        await RecordAsync(site, key, visitor, TestSites.Choices(first, allowed: true),
            new(SiteRevisions.Hash(first), "de", older, ConsentControl.AcceptAll, ConsentSurface.SdkBanner));
        await TestApi.Expect(await Api.PutSiteAsync(site, second), HttpStatusCode.OK);
        await RecordAsync(site, key, visitor, TestSites.Choices(second, allowed: false),
            new(SiteRevisions.Hash(second), "en", Pages.Wording.Version, ConsentControl.RejectAll, ConsentSurface.SdkBanner));
        await TestApi.Expect(await Api.PutSiteAsync(site, third), HttpStatusCode.OK);
        var last = await RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)),
            new(SiteRevisions.Hash(third), "de", Pages.Wording.Version, ConsentControl.Save, ConsentSurface.SdkPreferences));

        var records = (await DownloadAsync(site, last.Cookie)).GetProperty("records").EnumerateArray().ToList();

        Assert.HasCount(3, records);
        string Analytics(JsonElement record) => record.GetProperty("purposes").EnumerateArray()
            .Single(p => p.GetProperty("purposeCategory")[0].GetString() == "analytics").GetProperty("purpose").GetString()!;
        CollectionAssert.AreEqual(new[] { "Statistik eins", "Statistics two", "Statistik drei" }, records.Select(Analytics).ToArray(),
            "each receipt in its revision's words and its own language, not the download's (fr) nor today's");
        CollectionAssert.AreEqual(new[] { "de", "en", "de" }, records.Select(r => r.GetProperty("language").GetString()).ToArray());
        Assert.AreEqual("Eine ältere Überschrift", records[0].GetProperty("notice").GetProperty("title").GetString(),
            "the banner title of the wording version the first receipt names");
        Assert.AreEqual(Pages.BuiltInStrings.For("en").BannerTitle.Replace("{0}", second.DisplayName, StringComparison.Ordinal),
            records[1].GetProperty("notice").GetProperty("title").GetString(), "with the site's name as that revision gave it");
        Assert.AreEqual(Pages.BuiltInStrings.For("de").PreferencesTitle, records[2].GetProperty("notice").GetProperty("title").GetString());
        Assert.IsTrue(records.All(r => r.GetProperty("notice").GetProperty("reproduced").GetBoolean()));
        CollectionAssert.AreEqual(new[] { "given", "withdrawn", "changed" }, records.Select(r => r.GetProperty("event").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { "accept-all", "reject-all", "save" }, records.Select(r => r.GetProperty("control").GetString()).ToArray());
    }

    [TestMethod]
    public async Task TheHtmlDownload_ShowsTheReceiptInTheWordsOfItsRevision_WithTheInlinedStylesheetAllowedByItsPolicy()
    {
        var first = WithAnalyticsTexts(TestSites.Default(), "Statistics one", "Statistik eins");
        var (site, key) = await Api.CreateSiteWithKeyAsync(first);
        await TestAssembly.Database.SetAddAsync(Keys.WordingVersions(), Pages.Wording.Version);
        var visitor = TestApi.NewVisitor();
        var given = await RecordAsync(site, key, visitor, TestSites.Choices(first, allowed: true),
            new(SiteRevisions.Hash(first), "de", Pages.Wording.Version, ConsentControl.AcceptAll, ConsentSurface.Hosted));
        await TestApi.Expect(await Api.PutSiteAsync(site, WithAnalyticsTexts(first, "Statistics two", "Statistik zwei")), HttpStatusCode.OK);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/consent/{site}/receipt.html");
        request.Headers.Add("Cookie", $"{given.Cookie.Name}={given.Cookie.Value}");
        request.Headers.Add("Accept-Language", "es");
        using var response = await TestAssembly.Server.CreateClient().SendAsync(request, TestContext.CancellationToken);
        await TestApi.Expect(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.AreEqual("es", page.DocumentElement.GetAttribute("lang"), "the page's own labels in the visitor's language now");
        var analytics = page.QuerySelectorAll(".cc-record__choices tbody th").Single(th => th.TextContent == "Statistik eins");
        Assert.AreEqual("de", analytics.GetAttribute("lang"));
        Assert.DoesNotContain("Statistik zwei", html);
        Assert.AreEqual("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.AreEqual(Pages.ConsentReceiptPage.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        var styleHash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(page.QuerySelector("style")!.TextContent)));
        StringAssert.Contains(Pages.ConsentReceiptPage.ContentSecurityPolicy, $"style-src 'sha256-{styleHash}'",
            "a browser opening the file under its policy applies the inlined stylesheet");
        Assert.IsEmpty(page.QuerySelectorAll("script"));
    }

    [TestMethod]
    public async Task TheJsonDownload_ValidatesAgainstTheConsentRecordSchema_AndNamesMissingControllerFields()
    {
        var definition = TestSites.Default() with { Controller = new("Shop Ltd", PrivacyPolicyUrl: "https://shop.example/privacy") };
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(definition, allowed: true));
        await Api.GetConsentAsync(site, key, visitor, gpc: true);
        var last = await Api.RecordAsync(site, key, visitor, TestSites.Choices(definition, allowed: false));

        var document = await DownloadAsync(site, last.Cookie);

        using var stream = typeof(ReceiptDownloadTests).Assembly.GetManifestResourceStream("consent-record.schema.json")!;
        var schema = JsonSchema.FromText(await new StreamReader(stream).ReadToEndAsync(TestContext.CancellationToken));
        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.IsTrue(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var controller = document.GetProperty("piiControllers")[0];
        Assert.AreEqual("Shop Ltd", controller.GetProperty("piiController").GetString());
        Assert.IsFalse(controller.GetProperty("onBehalf").GetBoolean());
        CollectionAssert.AreEqual(new[] { "contact" },
            document.GetProperty("missingControllerFields").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual(3, document.GetProperty("records").GetArrayLength());

        // The schema is not a formality: the same document with a field renamed fails it.
        var broken = JsonNode.Parse(document.GetRawText())!;
        broken["records"]![0]!["purposes"]![0]!["consentGiven"] = "yes";
        Assert.IsFalse(schema.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement).IsValid);
    }
}
