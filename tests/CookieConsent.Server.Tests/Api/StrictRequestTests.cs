using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

/// <summary>
/// Every request body is read strictly — a repeated member or one the schema does not define is a 400 naming it — and
/// query parameters and the visitor's address are checked; nothing is stored when a request is refused.
/// </summary>
[TestClass]
public sealed class StrictRequestTests
{
    private const string Choices = "{\"analytics\": true, \"marketing\": true}";
    private const string Refusals = "{\"analytics\": false, \"marketing\": false}";

    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    [DataRow("{\"choices\": " + Choices + ", \"choices\": " + Refusals + "}", "choices")]
    [DataRow("{\"choices\": {\"analytics\": true, \"analytics\": false, \"marketing\": true}}", "choices.analytics")]
    [DataRow("{\"choices\": " + Choices + ", \"source\": \"banner\", \"Source\": \"api\"}", "Source")]
    public async Task DuplicateMember_InAConsentBody_Answers400NamingIt_AndStoresNothing(string json, string member)
    {
        var problem = await PutConsentRefusedAsync(json, member);

        StringAssert.Contains(problem.Detail, "Duplicate");
    }

    [TestMethod]
    [DataRow("{\"choices\": " + Choices + ", \"admin\": true}", "admin")]
    [DataRow("{\"choices\": " + Choices + ", \"visitorIP\": \"192.0.2.1\", \"ip\": \"192.0.2.1\"}", "ip")]
    public async Task UnknownMember_InAConsentBody_Answers400NamingIt_AndStoresNothing(string json, string member)
    {
        var problem = await PutConsentRefusedAsync(json, member);

        StringAssert.Contains(problem.Detail, $"'{member}'");
    }

    [TestMethod]
    [DataRow("extra", "extra")]
    [DataRow("categories.0.colour", "categories[0].colour")]
    [DataRow("duplicate displayName", "displayName")]
    [DataRow("duplicate text locale", "categories[0].texts.en")]
    public async Task BadMember_InASiteDefinition_Answers400NamingIt_AndChangesNothing(string change, string member)
    {
        var site = await Api.CreateSiteAsync();
        var json = JsonNode.Parse(await GetSiteJsonAsync(site))!["definition"]!.ToJsonString();
        json = change switch
        {
            "extra" => json[..^1] + ", \"extra\": 1}",
            "categories.0.colour" => json.Replace("\"required\":true", "\"required\":true,\"colour\":\"red\"", StringComparison.Ordinal),
            "duplicate displayName" => json[..^1] + ", \"displayName\": \"Hijacked\"}",
            _ => json.Replace("\"texts\":{", "\"texts\":{\"en\":{\"name\":\"x\",\"description\":\"y\"},", StringComparison.Ordinal),
        };
        Assert.AreNotEqual(JsonNode.Parse(await GetSiteJsonAsync(site))!["definition"]!.ToJsonString(), json, "the body was changed");
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}", ConsentServerFactory.AdminKey, Json(json));

        await ProblemAssert.IsValidationProblemAsync(response, member);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "a refused site definition");
    }

    [TestMethod]
    [DataRow("{\"token\": \"AAAA\", \"token\": \"BBBB\"}", "token")]
    [DataRow("{\"token\": \"AAAA\", \"site\": \"other\"}", "site")]
    public async Task BadMember_InAVerifyBody_Answers400NamingIt(string json, string member)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key, Json(json));

        await ProblemAssert.IsValidationProblemAsync(response, member);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("null")]
    public async Task MissingOrNullVerifyBody_Answers400(string json)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key, Json(json));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        StringAssert.Contains(problem.Detail, "JSON body");
    }

    [TestMethod]
    public async Task VerifyBody_InAnotherMediaType_Answers415()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key,
            new StringContent("{\"token\": \"AAAA\"}", Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    // Without a Content-Length the size check before the endpoint cannot see the size: the limit applies while reading.
    [TestMethod]
    public async Task ChunkedVerifyBody_Over16KiB_Answers413()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"token\": \"{new string('x', 20_000)}\"}}")));
        body.Headers.ContentType = new("application/json");

        using var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key, body);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    // Over 4 KiB (a pipe segment), the body arrives in more than one buffer and is read whole: the token is found, and
    // content after it is still refused.
    [TestMethod]
    public async Task VerifyBody_OverSeveralBuffers_IsReadWhole()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var token = (await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)))).Cookie.Value;
        var padding = new string(' ', 3_000);

        using var valid = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key,
            Json($"{{{padding}\"token\": \"{token}\"{padding}}}"));
        using var trailing = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key,
            Json($"{{{padding}\"token\": \"{token}\"{padding}}} x"));

        Assert.AreEqual(HttpStatusCode.OK, valid.StatusCode, await valid.Content.ReadAsStringAsync(TestContext.CancellationToken));
        StringAssert.Contains(await valid.Content.ReadAsStringAsync(TestContext.CancellationToken), visitor);
        await ProblemAssert.IsValidationProblemAsync(trailing, "body");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("null")]
    public async Task MissingOrNullConsentBody_Answers400_AndStoresNothing(string json)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key, Json(json));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        StringAssert.Contains(problem.Detail, "JSON body");
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "a consent request without a body");
    }

    // As for verification: a consent body in more than one buffer is stored as sent, and content after it refused.
    [TestMethod]
    public async Task ConsentBody_OverSeveralBuffers_IsReadWhole()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var padding = new string(' ', 3_000);
        var path = $"/v1/sites/{site}/visitors/{visitor}/consent";

        using var valid = await Api.SendAsync(HttpMethod.Put, path, key, Json($"{{{padding}\"choices\": {Choices}{padding}}}"));
        Assert.AreEqual(HttpStatusCode.OK, valid.StatusCode, await valid.Content.ReadAsStringAsync(TestContext.CancellationToken));
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);
        using var trailing = await Api.SendAsync(HttpMethod.Put, path, key, Json($"{{{padding}\"choices\": {Refusals}{padding}}} x"));

        await ProblemAssert.IsValidationProblemAsync(trailing, "body");
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "a consent body with trailing content");
        Assert.IsTrue((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("marketing"), "the padded body was stored as sent");
    }

    [TestMethod]
    [DataRow("not-an-ip")]
    [DataRow("1")]
    [DataRow("999.1.1.1")]
    [DataRow("shop.example")]
    public async Task InvalidVisitorIp_Answers400_AndStoresNothing(string ip)
    {
        await PutConsentRefusedAsync($"{{\"choices\": {Choices}, \"visitorIp\": \"{ip}\"}}", "visitorIp");
    }

    [TestMethod]
    [DataRow("192.0.2.15", "192.0.2.0/24")]
    [DataRow("2001:db8:1:2::15", "2001:db8:1::/48")]
    public async Task ValidVisitorIp_IsStoredAsItsPrefix(string ip, string prefix)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)), ip: ip);

        Assert.AreEqual(prefix, (await Api.ExportAsync(site, key, visitor)).Receipts.Single().IpPrefix);
    }

    [TestMethod]
    [DataRow("99999999999999999999")]
    [DataRow("abc")]
    [DataRow("0")]
    [DataRow("-5")]
    [DataRow("367")]
    [DataRow("1.5")]
    [DataRow("")]
    public async Task BadDaysQueryParameter_Answers400SayingWhatIsWrongWithIt(string days)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/stats?days={Uri.EscapeDataString(days)}", key);

        var problem = await ProblemAssert.IsValidationProblemAsync(response, "days");
        StringAssert.Contains(problem.Errors!["days"][0], "query parameter 'days'");
        Assert.DoesNotContain("JSON", problem.Detail ?? "", "a GET without a body is not about a JSON body");
    }

    [TestMethod]
    [DataRow("1")]
    [DataRow("366")]
    public async Task DaysQueryParameter_InRange_IsAnswered(string days)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", false)));

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/stats?days={days}", key);

        await TestApi.Expect(response, HttpStatusCode.OK);
        var stats = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!;
        Assert.HasCount(2, stats["days"]!.AsArray(), "today's row for each optional category");
    }

    private async Task<CookieConsent.Client.Contracts.ProblemBody> PutConsentRefusedAsync(string json, string member)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key, Json(json));

        var problem = await ProblemAssert.IsValidationProblemAsync(response, member);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "a refused consent body");
        Assert.IsTrue((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"), "the earlier choice stands");
        return problem;
    }

    private async Task<string> GetSiteJsonAsync(string site)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
