using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class SiteEndpointsTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task PutSite_New_Answers201WithLocation_ThenReplace_Answers200()
    {
        var site = TestSites.UniqueId(TestContext);
        var definition = TestSites.Default();

        using var created = await Api.PutSiteAsync(site, definition);
        await TestApi.Expect(created, HttpStatusCode.Created);
        Assert.AreEqual($"/v1/sites/{site}", created.Headers.Location?.OriginalString);
        var body = await created.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteResponse, TestContext.CancellationToken);
        Assert.AreEqual(site, body!.Id);
        AssertSameDefinition(definition, body.Definition);

        var renamed = definition with { DisplayName = "Renamed shop", HonorDoNotTrack = false };
        using var replaced = await Api.PutSiteAsync(site, renamed);
        await TestApi.Expect(replaced, HttpStatusCode.OK);
        var stored = await TestAssembly.Database.StringGetAsync(Keys.Site(site));
        AssertSameDefinition(renamed, JsonSerializer.Deserialize((string)stored!, ConsentJsonContext.Default.SiteDefinition)!);
    }

    [TestMethod]
    public async Task GetSite_ReturnsTheStoredDefinition()
    {
        var definition = TestSites.SixCategories() with { Regime = ConsentRegime.OptOut, CookieDomain = "shop.example", RefusalLifetimeDays = 400 };
        var site = await Api.CreateSiteAsync(definition);

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey);

        await TestApi.Expect(response, HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteResponse, TestContext.CancellationToken);
        Assert.AreEqual(site, body!.Id);
        AssertSameDefinition(definition, body.Definition);
    }

    [TestMethod]
    public async Task GetSite_Unknown_Answers404Problem()
    {
        var site = TestSites.UniqueId(TestContext);

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task PutSite_InvalidDefinition_Answers400NamingEveryBadField_AndStoresNothing()
    {
        var site = TestSites.UniqueId(TestContext);
        var valid = TestSites.Default();
        var invalid = valid with
        {
            DisplayName = " ",
            Categories = [.. valid.Categories, TestSites.Category("analytics"), TestSites.Category("Bad_Id"), TestSites.Category("both", required: true, saleOrSharing: true)],
            PolicyVersions = [new PolicyVersion(1, DateTimeOffset.UtcNow, ["no-such-category"])],
            AllowedReturnHosts = ["not a host/"],
            ConsentLifetimeDays = 400,
            RefusalLifetimeDays = 0,
            CookieName = "bad cookie;",
            CookieDomain = "not a domain!",
            PolicyUrl = "ftp://example.com/policy",
        };
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.PutSiteAsync(site, invalid);

        await ProblemAssert.IsValidationProblemAsync(response,
            "displayName", "categories[3].id", "categories[4].id", "categories[5]", "policyVersions", "allowedReturnHosts",
            "consentLifetimeDays", "refusalLifetimeDays", "cookieName", "cookieDomain", "policyUrl");
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "an invalid site is not stored");
        using var get = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey);
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task PutSite_InvalidReplacement_KeepsThePreviousDefinition()
    {
        var site = await Api.CreateSiteAsync();
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.PutSiteAsync(site, TestSites.Default() with { Categories = [] });

        await ProblemAssert.IsValidationProblemAsync(response, "categories");
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "an invalid replacement");
    }

    [TestMethod]
    [DataRow(ConsentRegime.OptOut, 364)]
    [DataRow(ConsentRegime.OptOut, 183)]
    [DataRow(ConsentRegime.OptIn, 182)]
    [DataRow(ConsentRegime.OptIn, 1)]
    [DataRow(ConsentRegime.OptIn, 1826)]
    public async Task PutSite_ReAskIntervalBelowTheRegimeMinimum_Answers400NamingTheField_AndStoresNothing(ConsentRegime regime, int days)
    {
        var site = TestSites.UniqueId(TestContext);

        using var response = await Api.PutSiteAsync(site, TestSites.Default() with { Regime = regime, RefusalLifetimeDays = days });

        await ProblemAssert.IsValidationProblemAsync(response, "refusalLifetimeDays");
        using var get = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey);
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
    }

    [TestMethod]
    [DataRow(ConsentRegime.OptOut, 365)]
    [DataRow(ConsentRegime.OptIn, 183)]
    [DataRow(ConsentRegime.OptIn, 365)]
    public async Task PutSite_ReAskIntervalAtOrAboveTheRegimeMinimum_IsStored(ConsentRegime regime, int days)
    {
        var site = TestSites.UniqueId(TestContext);

        using var response = await Api.PutSiteAsync(site, TestSites.Default() with { Regime = regime, RefusalLifetimeDays = days, ConsentLifetimeDays = 30 });

        await TestApi.Expect(response, HttpStatusCode.Created);
    }

    [TestMethod]
    public async Task PutSite_WithoutBody_Answers400Problem()
    {
        var site = TestSites.UniqueId(TestContext);

        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}", ConsentServerFactory.AdminKey,
            new StringContent("", System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Site(site)));
    }

    private static void AssertSameDefinition(SiteDefinition expected, SiteDefinition actual) =>
        Assert.AreEqual(
            JsonSerializer.Serialize(expected, ConsentJsonContext.Default.SiteDefinition),
            JsonSerializer.Serialize(actual, ConsentJsonContext.Default.SiteDefinition));
}
