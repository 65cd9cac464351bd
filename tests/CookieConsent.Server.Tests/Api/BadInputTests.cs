using System.Net;
using System.Net.Http.Json;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

/// <summary>Every bad input answers a problem with the right status and changes nothing stored.</summary>
[TestClass]
public sealed class BadInputTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    [DataRow("Upper-Case")]
    [DataRow("under_score")]
    [DataRow("dot.ted")]
    [DataRow("a-site-id-that-is-far-too-long-to-be-valid-because-it-has-65-chars")]
    public async Task MalformedSiteId_Answers400_OnEveryEndpoint(string site)
    {
        Assert.IsFalse(ConsentIds.IsValidSite(site));
        var (validSite, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var requests = new (HttpMethod Method, string Path, string? Key, Func<HttpContent?> Body)[]
        {
            (HttpMethod.Put, $"/v1/sites/{site}", ConsentServerFactory.AdminKey, () => JsonContent.Create(TestSites.Default(), ConsentJsonContext.Default.SiteDefinition)),
            (HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey, () => null),
            (HttpMethod.Post, $"/v1/sites/{site}/keys", ConsentServerFactory.AdminKey, () => null),
            (HttpMethod.Delete, $"/v1/sites/{site}/keys/0123456789ab", ConsentServerFactory.AdminKey, () => null),
            (HttpMethod.Get, $"/v1/sites/{site}/policy", null, () => null),
            (HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key, () => ConsentBody(("analytics", true), ("marketing", true))),
            (HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/consent", key, () => null),
            (HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key, () => JsonContent.Create(new VerifyTokenRequest("x"), ConsentJsonContext.Default.VerifyTokenRequest)),
            (HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/receipts", key, () => null),
            (HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}", key, () => null),
            (HttpMethod.Get, $"/v1/sites/{site}/stats", key, () => null),
        };
        var before = await RedisSnapshot.TakeAsync(TestAssembly.Database, $"cc:{{{site}*", $"cc:{{{validSite}*");

        foreach (var (method, path, requestKey, body) in requests)
        {
            using var response = await Api.SendAsync(method, path, requestKey, body());
            await ProblemAssert.IsValidationProblemAsync(response, "site");
        }

        (await RedisSnapshot.TakeAsync(TestAssembly.Database, $"cc:{{{site}*", $"cc:{{{validSite}*")).AssertSameAs(before, "malformed site ids");
    }

    [TestMethod]
    [DataRow("short")]
    [DataRow("AAAAAAAAAAAAAAAAAAAAAB")]
    [DataRow("AAAAAAAAAAAAAAAAAAAAAA==")]
    [DataRow("has+plus/slash-and-more-chars-x")]
    [DataRow("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task MalformedVisitorId_Answers400_OnEveryVisitorEndpoint(string visitor)
    {
        Assert.IsFalse(ConsentIds.IsValidVisitor(visitor));
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));
        var escaped = Uri.EscapeDataString(visitor);
        var requests = new (HttpMethod Method, string Path, Func<HttpContent?> Body)[]
        {
            (HttpMethod.Put, $"/v1/sites/{site}/visitors/{escaped}/consent", () => ConsentBody(("analytics", true), ("marketing", true))),
            (HttpMethod.Get, $"/v1/sites/{site}/visitors/{escaped}/consent", () => null),
            (HttpMethod.Get, $"/v1/sites/{site}/visitors/{escaped}/receipts", () => null),
            (HttpMethod.Delete, $"/v1/sites/{site}/visitors/{escaped}", () => null),
        };
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        foreach (var (method, path, body) in requests)
        {
            using var response = await Api.SendAsync(method, path, key, body());
            await ProblemAssert.IsValidationProblemAsync(response, "visitor");
        }

        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "malformed visitor ids");
    }

    [TestMethod]
    public async Task UnknownCategory_Answers400NamingIt()
    {
        await AssertConsentRefusedAsync(
            TestSites.Choices(("analytics", true), ("marketing", true), ("telemetry", true)), "choices.telemetry");
    }

    [TestMethod]
    public async Task MissingCategoryChoice_Answers400NamingIt()
    {
        await AssertConsentRefusedAsync(TestSites.Choices(("analytics", true)), "choices.marketing");
    }

    [TestMethod]
    public async Task NoChoicesAtAll_Answers400()
    {
        await AssertConsentRefusedAsync(TestSites.Choices(), "choices.analytics", "choices.marketing");
    }

    [TestMethod]
    public async Task RefusingARequiredCategory_Answers400NamingIt()
    {
        await AssertConsentRefusedAsync(
            TestSites.Choices(("necessary", false), ("analytics", true), ("marketing", true)), "choices.necessary");
    }

    [TestMethod]
    [DataRow("{ not json")]
    [DataRow("")]
    [DataRow("[]")]
    [DataRow("{\"choices\": {\"analytics\": \"yes\", \"marketing\": true}}")]
    [DataRow("{\"choices\": {\"analytics\": true, \"marketing\": true}, \"source\": \"telepathy\"}")]
    [DataRow("{\"choices\": {\"analytics\": true, \"marketing\": true},}")]
    public async Task MalformedJson_Answers400(string json)
    {
        var (site, key, visitor) = await SiteWithConsentAsync();
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key,
            new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "malformed JSON");
    }

    [TestMethod]
    public async Task MalformedJson_OnSiteAndVerify_Answers400()
    {
        var (site, key, _) = await SiteWithConsentAsync();
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var putSite = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}", ConsentServerFactory.AdminKey,
            new StringContent("{\"displayName\": ", Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(putSite, HttpStatusCode.BadRequest);
        using var verify = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key,
            new StringContent("{\"token\": 12}", Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(verify, HttpStatusCode.BadRequest);

        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "malformed JSON");
    }

    [TestMethod]
    public async Task BodyOver16KiB_Answers413_OnEveryEndpointWithABody()
    {
        var (site, key, visitor) = await SiteWithConsentAsync();
        var padding = new string('x', 16 * 1024);
        var requests = new (HttpMethod Method, string Path, string Key, HttpContent Body)[]
        {
            (HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key, JsonContent.Create(
                new RecordConsentRequest(TestSites.Choices(("analytics", false), ("marketing", false)), UserAgent: padding),
                ConsentJsonContext.Default.RecordConsentRequest)),
            (HttpMethod.Put, $"/v1/sites/{site}", ConsentServerFactory.AdminKey, JsonContent.Create(
                TestSites.Default() with { PolicyUrl = "https://shop.example/" + padding }, ConsentJsonContext.Default.SiteDefinition)),
            (HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key, JsonContent.Create(
                new VerifyTokenRequest(padding), ConsentJsonContext.Default.VerifyTokenRequest)),
        };
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        foreach (var (method, path, requestKey, body) in requests)
        {
            await body.LoadIntoBufferAsync(TestContext.CancellationToken);
            Assert.IsGreaterThan(16 * 1024, body.Headers.ContentLength!.Value);
            using var response = await Api.SendAsync(method, path, requestKey, body);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        }

        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "oversized bodies");
    }

    [TestMethod]
    public async Task BodyJustUnder16KiB_IsAccepted()
    {
        var (site, key, visitor) = await SiteWithConsentAsync();
        var small = JsonContent.Create(new RecordConsentRequest(TestSites.Choices(("analytics", false), ("marketing", false)), UserAgent: "Firefox/1"),
            ConsentJsonContext.Default.RecordConsentRequest);
        await small.LoadIntoBufferAsync(TestContext.CancellationToken);
        var fill = (int)(16 * 1024 - small.Headers.ContentLength!.Value);
        var body = JsonContent.Create(new RecordConsentRequest(TestSites.Choices(("analytics", false), ("marketing", false)),
            UserAgent: "Firefox/1" + new string('x', fill)), ConsentJsonContext.Default.RecordConsentRequest);
        await body.LoadIntoBufferAsync(TestContext.CancellationToken);
        Assert.AreEqual(16 * 1024, body.Headers.ContentLength);

        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key, body);

        await TestApi.Expect(response, HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task MissingKey_Answers401WithBearerChallenge()
    {
        var (site, _, visitor) = await SiteWithConsentAsync();

        var response = await AssertRefusedAsync(
            () => Api.PutConsentAsync(site, null, visitor, TestSites.Choices(("analytics", false), ("marketing", false))),
            HttpStatusCode.Unauthorized, site);

        StringAssert.StartsWith(response.Headers.WwwAuthenticate.ToString(), "Bearer");
    }

    [TestMethod]
    [DataRow("not-a-key")]
    [DataRow("cck.{site}.0123456789ab.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [DataRow("{key}x")]
    [DataRow("{keyid-other-secret}")]
    public async Task WrongKey_Answers401(string pattern)
    {
        var (site, key, visitor) = await SiteWithConsentAsync();
        var parts = key.Split('.');
        var wrong = pattern.Replace("{site}", site).Replace("{key}", key)
            .Replace("{keyid-other-secret}", $"{parts[0]}.{parts[1]}.{parts[2]}.{new string('B', parts[3].Length)}");

        await AssertRefusedAsync(
            () => Api.PutConsentAsync(site, wrong, visitor, TestSites.Choices(("analytics", false), ("marketing", false))),
            HttpStatusCode.Unauthorized, site);
    }

    [TestMethod]
    public async Task RevokedKey_Answers401()
    {
        var (site, key, visitor) = await SiteWithConsentAsync();
        await Api.RevokeKeyAsync(site, key.Split('.')[2]);

        await AssertRefusedAsync(
            () => Api.PutConsentAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false))),
            HttpStatusCode.Unauthorized, site);
    }

    [TestMethod]
    public async Task AnotherSitesKey_Answers403()
    {
        var (site, _, visitor) = await SiteWithConsentAsync();
        var (otherSite, otherKey) = await Api.CreateSiteWithKeyAsync(hint: "other");

        await AssertRefusedAsync(
            () => Api.PutConsentAsync(site, otherKey, visitor, TestSites.Choices(("analytics", false), ("marketing", false))),
            HttpStatusCode.Forbidden, site, otherSite);
    }

    [TestMethod]
    public async Task AdminKeyOnASiteEndpoint_Answers403()
    {
        var (site, _, visitor) = await SiteWithConsentAsync();

        await AssertRefusedAsync(
            () => Api.PutConsentAsync(site, ConsentServerFactory.AdminKey, visitor, TestSites.Choices(("analytics", false), ("marketing", false))),
            HttpStatusCode.Forbidden, site);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("wrong-admin-key")]
    [DataRow("site-key")]
    public async Task AdminEndpoints_WithoutTheAdminKey_Answer401(string? presented)
    {
        var (site, key, _) = await SiteWithConsentAsync();
        var credential = presented == "site-key" ? key : presented;
        var requests = new (HttpMethod Method, string Path, Func<HttpContent?> Body)[]
        {
            (HttpMethod.Put, $"/v1/sites/{site}", () => JsonContent.Create(TestSites.Default() with { DisplayName = "Hijacked" }, ConsentJsonContext.Default.SiteDefinition)),
            (HttpMethod.Get, $"/v1/sites/{site}", () => null),
            (HttpMethod.Post, $"/v1/sites/{site}/keys", () => null),
            (HttpMethod.Delete, $"/v1/sites/{site}/keys/{key.Split('.')[2]}", () => null),
        };
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        foreach (var (method, path, body) in requests)
        {
            using var response = await Api.SendAsync(method, path, credential, body());
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "admin endpoints without the admin key");
    }

    [TestMethod]
    public async Task UnknownSite_Answers404_OnAdminAndPublicEndpoints()
    {
        var site = TestSites.UniqueId(TestContext);
        var requests = new (HttpMethod Method, string Path, string? Key)[]
        {
            (HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey),
            (HttpMethod.Post, $"/v1/sites/{site}/keys", ConsentServerFactory.AdminKey),
            (HttpMethod.Delete, $"/v1/sites/{site}/keys/0123456789ab", ConsentServerFactory.AdminKey),
            (HttpMethod.Get, $"/v1/sites/{site}/policy", null),
        };

        foreach (var (method, path, key) in requests)
        {
            using var response = await Api.SendAsync(method, path, key);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.IsEmpty((await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).Entries);
    }

    [TestMethod]
    public async Task InvalidToken_Answers422()
    {
        var (site, key, _) = await SiteWithConsentAsync();

        await AssertRefusedAsync(() => Api.VerifyResponseAsync(site, key, "AAAA"), HttpStatusCode.UnprocessableEntity, site);
    }

    [TestMethod]
    public async Task WrongContentType_IsRefused_AndChangesNothing()
    {
        var (site, key, visitor) = await SiteWithConsentAsync();
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key,
            new StringContent("{\"choices\": {\"analytics\": true, \"marketing\": true}}", Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "a body that is not JSON");
    }

    private async Task<(string Site, string Key, string Visitor)> SiteWithConsentAsync()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        return (site, key, visitor);
    }

    private async Task AssertConsentRefusedAsync(Dictionary<string, bool> choices, params string[] fields)
    {
        var (site, key, visitor) = await SiteWithConsentAsync();
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.PutConsentAsync(site, key, visitor, choices);

        await ProblemAssert.IsValidationProblemAsync(response, fields);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "invalid choices");
        Assert.IsTrue((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"), "the earlier choice stands");
    }

    private async Task<HttpResponseMessage> AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, params string[] sites)
    {
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, sites);
        var response = await send();
        await ProblemAssert.IsProblemAsync(response, status);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, sites)).AssertSameAs(before, $"a request answered {(int)status}");
        return response;
    }

    private static JsonContent ConsentBody(params (string Category, bool Allowed)[] choices) =>
        JsonContent.Create(new RecordConsentRequest(TestSites.Choices(choices)), ConsentJsonContext.Default.RecordConsentRequest);
}
