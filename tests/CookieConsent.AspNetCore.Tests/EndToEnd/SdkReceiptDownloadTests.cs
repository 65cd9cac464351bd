using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using CookieConsent.AspNetCore.Tests.Infrastructure;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using CookieConsent.Core.Redis;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.AspNetCore.Tests.EndToEnd;

/// <summary>The SDK's receipt download (<c>{PathBase}/receipt</c>, <c>.json</c>) against the real consent server and Redis.</summary>
[TestClass]
public sealed class SdkReceiptDownloadTests
{
    private static ConsentServerHost s_server = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void Start(TestContext _) => s_server = new ConsentServerHost();

    [ClassCleanup]
    public static async Task Stop() => await s_server.DisposeAsync();

    private static SiteDefinition WithAnalytics(SiteDefinition site, string english, string german) => site with
    {
        Categories = [.. site.Categories.Select(c => c.Id == "analytics"
            ? c with { Texts = new Dictionary<string, CategoryText> { ["en"] = new(english, english + " measure visits."), ["de"] = new(german, german + " misst Besuche.") } }
            : c)],
    };

    private async Task<(TestSite Site, string SiteId, SiteDefinition Definition)> StartSiteAsync()
    {
        var siteId = "rcpt-" + Guid.NewGuid().ToString("N")[..12];
        var definition = WithAnalytics(TestSites.Shop(), "Statistics one", "Statistik eins") with
        {
            DisplayName = "Schuhladen",
            Controller = new("Schuhladen GmbH", "datenschutz@schuhladen.example", "https://shop.example/privacy"),
        };
        var key = await s_server.CreateSiteAsync(siteId, definition, TestContext.CancellationToken);
        var site = await TestSite.StartAsync(null, options =>
        {
            options.SiteId = siteId;
            options.ApiKey = key;
        }, services => services.AddHttpClient(nameof(ICookieConsentApi)).ConfigurePrimaryHttpMessageHandler(s_server.CreateHandler));
        return (site, siteId, definition);
    }

    // The visitor accepts everything on the SDK's banner with a German browser: a receipt under the site's revision now, in de.
    private static async Task<string> AcceptInGermanAsync(TestSite site)
    {
        using var accepted = await site.PostFormAsync("/consent/choices",
            new() { ["decision"] = "accept-all", ["returnUrl"] = "/" }, headers: [("Accept-Language", "de-DE,de;q=0.9")]);
        Assert.AreEqual(HttpStatusCode.SeeOther, accepted.StatusCode);
        return TestSite.SetCookies(accepted).Single(c => c.Name == "cc_consent").Value.Value!;
    }

    private async Task<(HttpResponseMessage Response, string Body)> DownloadAsync(
        TestSite site, string path, string? cookie, params (string Name, string Value)[] headers)
    {
        var response = await site.GetAsync(path, cookie, headers);
        return (response, await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }

    // Built once: the schema library keeps a registry of schemas by $id.
    private static readonly Lazy<JsonSchema> s_schema = new(() =>
    {
        using var stream = typeof(SdkReceiptDownloadTests).Assembly.GetManifestResourceStream("consent-record.schema.json")!;
        return JsonSchema.FromText(new StreamReader(stream).ReadToEnd());
    });

    private static void AssertValid(JsonSchema schema, JsonElement document)
    {
        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.IsTrue(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [TestMethod]
    public async Task ReceiptGivenInGermanUnderTheFirstTexts_AfterTheTextsChange_DownloadShowsTheFirstGermanWords()
    {
        var (site, siteId, first) = await StartSiteAsync();
        await using var _ = site;
        var cookie = await AcceptInGermanAsync(site);

        // The operator rewrites the texts: a new revision, in force from now on.
        var second = WithAnalytics(first, "Statistics two", "Statistik zwei");
        using (var admin = s_server.Client(siteId))
        {
            await admin.GetRequiredService<ICookieConsentAdminApi>().PutSiteAsync(siteId, second, TestContext.CancellationToken);
        }

        // Asked for in English: the page's own labels follow the visitor's language now, the record the one it was shown in.
        var (htmlResponse, html) = await DownloadAsync(site, "/consent/receipt", cookie, ("Accept-Language", "en"));
        Assert.AreEqual(HttpStatusCode.OK, htmlResponse.StatusCode, html);
        Assert.AreEqual("text/html; charset=utf-8", htmlResponse.Content.Headers.ContentType!.ToString());
        Assert.AreEqual("attachment", htmlResponse.Content.Headers.ContentDisposition!.DispositionType);
        var page = new HtmlParser().ParseDocument(html);
        Assert.AreEqual("en", page.DocumentElement.GetAttribute("lang"));
        Assert.IsEmpty(page.QuerySelectorAll("script"), "no script in the download");
        var rows = page.QuerySelectorAll(".cc-record__choices tbody tr");
        var analytics = rows.Single(r => r.QuerySelector("th")!.TextContent == "Statistik eins");
        Assert.AreEqual("de", analytics.QuerySelector("th")!.GetAttribute("lang"));
        Assert.AreEqual("Statistik eins misst Besuche.", analytics.QuerySelector("td")!.TextContent);
        Assert.AreEqual("Allowed", analytics.QuerySelectorAll("td")[1].TextContent);
        Assert.DoesNotContain("Statistik zwei", html, "not the texts of today's revision");
        Assert.DoesNotContain("Statistics", html, "not the English texts");
        var notice = page.QuerySelector(".cc-record__notice")!;
        Assert.AreEqual("de", notice.GetAttribute("lang"));
        Assert.AreEqual(Pages.BuiltInStrings.For("de").BannerTitle.Replace("{0}", "Schuhladen", StringComparison.Ordinal),
            notice.QuerySelector(".cc-record__notice-title")!.TextContent, "the banner title of the wording shown, in German");
        Assert.IsEmpty(page.QuerySelectorAll(".cc-record__missing"), "everything was reproduced; the controller is complete");
        // The stylesheet is the shared one, inlined, and the answer's policy allows exactly it.
        Assert.AreEqual(Pages.ConsentStylesheet.Text, page.QuerySelector("style")!.TextContent);
        Assert.AreEqual(Pages.ConsentReceiptPage.ContentSecurityPolicy, htmlResponse.Headers.GetValues("Content-Security-Policy").Single());

        var (jsonResponse, json) = await DownloadAsync(site, "/consent/receipt.json", cookie, ("Accept-Language", "en"));
        Assert.AreEqual(HttpStatusCode.OK, jsonResponse.StatusCode, json);
        using var document = JsonDocument.Parse(json);
        AssertValid(s_schema.Value, document.RootElement);
        var record = document.RootElement.GetProperty("records").EnumerateArray().Single();
        Assert.AreEqual("de", record.GetProperty("language").GetString());
        Assert.IsTrue(record.GetProperty("notice").GetProperty("reproduced").GetBoolean());
        Assert.AreEqual(Core.Sites.SiteRevisions.Hash(first), record.GetProperty("notice").GetProperty("revision").GetString());
        var purpose = record.GetProperty("purposes").EnumerateArray().Single(p => p.GetProperty("purposeCategory")[0].GetString() == "analytics");
        Assert.AreEqual("Statistik eins", purpose.GetProperty("purpose").GetString());
        Assert.IsTrue(purpose.GetProperty("consentGiven").GetBoolean());
        Assert.AreEqual("Schuhladen GmbH", document.RootElement.GetProperty("piiControllers")[0].GetProperty("piiController").GetString());
    }

    [TestMethod]
    public async Task TheSdkJson_IsTheHostedDownloadsDocument()
    {
        var (site, siteId, _) = await StartSiteAsync();
        await using var __ = site;
        var cookie = await AcceptInGermanAsync(site);

        var (_, sdk) = await DownloadAsync(site, "/consent/receipt.json", cookie);
        using var server = new HttpClient(s_server.CreateHandler()) { BaseAddress = new Uri("http://consent.test/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/consent/{siteId}/receipt");
        request.Headers.Add("Cookie", $"cc_consent={cookie}");
        using var hosted = await server.SendAsync(request, TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, hosted.StatusCode);

        Assert.AreEqual(await hosted.Content.ReadAsStringAsync(TestContext.CancellationToken), sdk,
            "one renderer: the client site's download and the consent server's are the same document");
    }

    [TestMethod]
    public async Task ReceiptWhoseRevisionIsGone_DownloadSaysSo_AndShowsNoWordsInItsPlace()
    {
        var (site, siteId, first) = await StartSiteAsync();
        await using var _ = site;
        var cookie = await AcceptInGermanAsync(site);
        using (var redis = s_server.Redis.Connect())
        {
            Assert.IsTrue(await redis.GetDatabase().KeyDeleteAsync(Keys.SiteRevision(siteId, Core.Sites.SiteRevisions.Hash(first))));
        }

        var (htmlResponse, html) = await DownloadAsync(site, "/consent/receipt", cookie, ("Accept-Language", "de"));
        Assert.AreEqual(HttpStatusCode.OK, htmlResponse.StatusCode, html);
        var page = new HtmlParser().ParseDocument(html);
        var missing = page.QuerySelector(".cc-record__entry .cc-record__missing")!;
        StringAssert.Contains(missing.TextContent, Core.Sites.SiteRevisions.Hash(first), "names the revision it cannot show");
        StringAssert.Contains(missing.TextContent, "nicht mehr verfügbar", "in the visitor's language");
        Assert.DoesNotContain("Statistik eins", html, "no words it cannot vouch for");
        Assert.IsEmpty(page.QuerySelectorAll(".cc-record__choices"));
        CollectionAssert.AreEquivalent(new[] { "analytics: Erlaubt", "marketing: Erlaubt" },
            page.QuerySelectorAll(".cc-record__entry li").Select(li => li.TextContent).ToArray(), "the recorded choices, by category id");

        var (_, json) = await DownloadAsync(site, "/consent/receipt.json", cookie);
        using var document = JsonDocument.Parse(json);
        AssertValid(s_schema.Value, document.RootElement);
        var record = document.RootElement.GetProperty("records")[0];
        Assert.IsFalse(record.GetProperty("notice").GetProperty("reproduced").GetBoolean());
        CollectionAssert.AreEqual(new[] { "revision" },
            record.GetProperty("notice").GetProperty("missing").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual(0, record.GetProperty("purposes").GetArrayLength());
        Assert.AreEqual("", record.GetProperty("notice").GetProperty("text").GetString(), "the banner's text depends on the lost revision");
        Assert.IsTrue(record.GetProperty("choices").GetProperty("analytics").GetBoolean());
    }

    [TestMethod]
    public async Task VisitorWithoutACookie_GetsAPageInTheirLanguageSayingThereIsNoRecord()
    {
        var (site, _, _) = await StartSiteAsync();
        await using var __ = site;

        var (response, html) = await DownloadAsync(site, "/consent/receipt", null, ("Accept-Language", "fr"), ("Accept", "text/html"));

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreEqual("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var page = new HtmlParser().ParseDocument(html);
        Assert.AreEqual("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.AreEqual(Pages.BuiltInStrings.For("fr").NoReceipt, page.QuerySelector(".cc-error")!.TextContent);

        var (problem, body) = await DownloadAsync(site, "/consent/receipt.json", null, ("Accept", "application/json"));
        Assert.AreEqual(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.AreEqual("application/problem+json", problem.Content.Headers.ContentType!.MediaType);
        StringAssert.Contains(body, "No consent record");
    }

    [TestMethod]
    public async Task VisitorWhoseRecordsWereErased_GetsTheNoRecordPage()
    {
        var (site, siteId, _) = await StartSiteAsync();
        await using var _ = site;
        var cookie = await AcceptInGermanAsync(site);
        var visitor = TestSite.Lines(await site.PageAsync(cookie))["visitor"];
        using (var client = s_server.Client(siteId, await s_server.CreateSiteKeyAsync(siteId, TestContext.CancellationToken)))
        {
            await client.GetRequiredService<ICookieConsentApi>().EraseVisitorAsync(siteId, visitor, TestContext.CancellationToken);
        }

        var (response, html) = await DownloadAsync(site, "/consent/receipt", cookie, ("Accept-Language", "de"), ("Accept", "text/html"));

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, html);
        StringAssert.Contains(html, Pages.BuiltInStrings.For("de").NoReceipt);
    }
}
