using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CookieConsent.Server.Tests;

/// <summary>The OpenAPI document lists every endpoint with the error statuses it can answer.</summary>
[TestClass]
public sealed class SwaggerTests
{
    private const string Site = "/v1/sites/{site}";
    private const string Visitor = "/v1/sites/{site}/visitors/{visitor}";

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Every endpoint and every status it can answer (besides the success itself).</summary>
    public static IEnumerable<object[]> Endpoints =>
    [
        ["put", Site, new[] { "200", "201", "400", "401", "413", "415", "503" }],
        ["get", Site, new[] { "200", "400", "401", "404", "503" }],
        ["post", Site + "/keys", new[] { "201", "400", "401", "404", "503" }],
        ["delete", Site + "/keys/{keyId}", new[] { "204", "400", "401", "404", "503" }],
        ["get", Site + "/policy", new[] { "200", "400", "404", "503" }],
        ["put", Visitor + "/consent", new[] { "200", "400", "401", "403", "404", "413", "415", "429", "503" }],
        ["get", Visitor + "/consent", new[] { "200", "400", "401", "403", "404", "503" }],
        ["post", Site + "/tokens/verify", new[] { "200", "400", "401", "403", "404", "413", "415", "422", "503" }],
        ["get", Visitor + "/receipts", new[] { "200", "400", "401", "403", "404", "503" }],
        ["delete", Visitor, new[] { "204", "400", "401", "403", "404", "503" }],
        ["get", Site + "/stats", new[] { "200", "400", "401", "403", "404", "503" }],
        ["get", "/v1/services/{service}/visitors/{visitor}/receipts", new[] { "200", "400", "401", "404", "503" }],
        ["get", "/optout/{service}/receipt", new[] { "200", "404", "503" }],
        ["get", "/optout/{service}/receipt.html", new[] { "200", "404", "503" }],
    ];

    [TestMethod]
    [DynamicData(nameof(Endpoints))]
    public async Task OpenApiDocument_ListsTheEndpointWithEveryStatus(string method, string path, string[] statuses)
    {
        using var document = await GetDocumentAsync();

        Assert.IsTrue(document.RootElement.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not documented");
        Assert.IsTrue(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is not documented");
        var documented = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        var missing = statuses.Where(s => !documented.Contains(s)).ToList();
        Assert.IsEmpty(missing, $"{method.ToUpperInvariant()} {path} does not document {string.Join(", ", missing)} (documents {string.Join(", ", documented.Order())})");
        Assert.IsTrue(operation.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 0, "every operation has a summary");
    }

    [TestMethod]
    public async Task OpenApiDocument_DocumentsBodiesAndProblemSchemas()
    {
        using var document = await GetDocumentAsync();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        foreach (var schema in new[] { "SiteDefinition", "RecordConsentRequest", "RecordConsentResponse", "ConsentDecisions", "VerifyTokenRequest", "ReceiptExport", "ServiceReceiptExport", "SiteStats", "ApiKeyCreated", "PolicyResponse", "ProblemDetails", "HttpValidationProblemDetails" })
        {
            Assert.IsTrue(schemas.TryGetProperty(schema, out _), $"schema {schema} missing");
        }
        var put = document.RootElement.GetProperty("paths").GetProperty(Visitor + "/consent").GetProperty("put");
        StringAssert.Contains(put.GetProperty("requestBody").GetRawText(), "RecordConsentRequest");
    }

    [TestMethod]
    [DataRow("put", Site, "adminKey")]
    [DataRow("get", Site, "adminKey")]
    [DataRow("post", Site + "/keys", "adminKey")]
    [DataRow("delete", Site + "/keys/{keyId}", "adminKey")]
    [DataRow("get", Site + "/policy", null)]
    [DataRow("put", Visitor + "/consent", "siteKey")]
    [DataRow("get", Visitor + "/consent", "siteKey")]
    [DataRow("post", Site + "/tokens/verify", "siteKey")]
    [DataRow("get", Visitor + "/receipts", "siteKey")]
    [DataRow("delete", Visitor, "siteKey")]
    [DataRow("get", Site + "/stats", "siteKey")]
    [DataRow("get", "/consent/{site}", null)]
    [DataRow("get", "/v1/services/{service}/visitors/{visitor}/receipts", "adminKey")]
    [DataRow("get", "/optout/{service}/receipt", null)]
    public async Task OpenApiDocument_StatesTheKeyEachOperationNeeds(string method, string path, string? scheme)
    {
        using var document = await GetDocumentAsync();
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        foreach (var name in new[] { "adminKey", "siteKey" })
        {
            var declared = schemes.GetProperty(name);
            Assert.AreEqual("http", declared.GetProperty("type").GetString());
            Assert.AreEqual("bearer", declared.GetProperty("scheme").GetString());
        }

        var security = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("security");

        var requirement = security.EnumerateArray().Single();
        CollectionAssert.AreEqual(scheme is null ? Array.Empty<string>() : new[] { scheme },
            requirement.EnumerateObject().Select(p => p.Name).ToArray(), $"{method} {path}");
    }

    [TestMethod]
    public async Task OpenApiDocument_PathParameters_StateTheIdFormatsTheServerEnforces()
    {
        using var document = await GetDocumentAsync();
        var expected = new Dictionary<string, (string Pattern, int Min, int Max)>
        {
            ["site"] = ("^[a-z0-9-]{1,64}$", 1, 64),
            ["service"] = ("^[a-z0-9-]{1,64}$", 1, 64),
            ["visitor"] = ("^[A-Za-z0-9_-]{22,43}$", 22, 43),
            ["keyId"] = ("^[0-9a-f]{12}$", 12, 12),
            ["hash"] = ("^[0-9a-f]{32}$", 32, 32),
        };
        var seen = new HashSet<string>();

        foreach (var operation in document.RootElement.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()))
        {
            foreach (var parameter in operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray() : default)
            {
                if (parameter.GetProperty("in").GetString() != "path")
                {
                    continue;
                }
                var name = parameter.GetProperty("name").GetString()!;
                Assert.IsTrue(expected.TryGetValue(name, out var format), $"undocumented path parameter {name}");
                var schema = parameter.GetProperty("schema");
                Assert.AreEqual(format.Pattern, schema.GetProperty("pattern").GetString(), name);
                Assert.AreEqual(format.Min, schema.GetProperty("minLength").GetInt32(), name);
                Assert.AreEqual(format.Max, schema.GetProperty("maxLength").GetInt32(), name);
                seen.Add(name);
            }
        }
        CollectionAssert.AreEquivalent(expected.Keys.ToArray(), seen.ToArray());
        // The patterns are the server's own rule.
        Assert.IsTrue(CookieConsent.Client.Contracts.ConsentIds.IsValidSite(new string('a', 64)));
        Assert.IsFalse(CookieConsent.Client.Contracts.ConsentIds.IsValidSite(new string('a', 65)));
        Assert.HasCount(22, CookieConsent.Client.Contracts.ConsentIds.NewVisitorId());
    }

    [TestMethod]
    [DataRow("put", Visitor + "/consent")]
    [DataRow("get", Visitor + "/consent")]
    [DataRow("post", Site + "/tokens/verify")]
    [DataRow("get", "/consent/{site}")]
    public async Task OpenApiDocument_DocumentsTheSignalHeaders_WhereTheyChangeTheAnswer(string method, string path)
    {
        using var document = await GetDocumentAsync();

        var headers = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("parameters")
            .EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()).ToArray();

        CollectionAssert.AreEquivalent(new[] { "DNT", "Sec-GPC" }, headers);
    }

    [TestMethod]
    public async Task OpenApiDocument_HasAServer_TagDescriptions_AnIntegerDays_AndHtmlErrorPages()
    {
        using var document = await GetDocumentAsync();
        var root = document.RootElement;

        Assert.AreEqual("http://localhost", root.GetProperty("servers")[0].GetProperty("url").GetString());
        foreach (var tag in root.GetProperty("tags").EnumerateArray())
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(tag.TryGetProperty("description", out var d) ? d.GetString() : null), tag.GetRawText());
        }
        var days = root.GetProperty("paths").GetProperty(Site + "/stats").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "days").GetProperty("schema");
        Assert.AreEqual("integer", days.GetProperty("type").GetString());
        Assert.AreEqual(1, days.GetProperty("minimum").GetInt32());
        Assert.AreEqual(366, days.GetProperty("maximum").GetInt32());
        foreach (var (path, method, status) in new[] { ("/consent/{site}", "get", "404"), ("/consent/{site}", "post", "400"), ("/consent/{site}/do-not-sell", "get", "503") })
        {
            var content = root.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status).GetProperty("content");
            Assert.IsTrue(content.TryGetProperty("text/html", out _), $"{method} {path} {status}: {content.GetRawText()}");
        }
    }

    [TestMethod]
    public async Task SwaggerUi_IsServed()
    {
        using var client = TestAssembly.Server.CreateClient();

        using var response = await client.GetAsync("/swagger/index.html", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(TestContext.CancellationToken), "swagger");
    }

    [TestMethod]
    [DataRow("/swagger")]
    [DataRow("/Swagger/")]
    public async Task SwaggerUi_ItsBarePath_RedirectsToTheUi(string path)
    {
        using var client = TestAssembly.Server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.MovedPermanently, response.StatusCode);
        StringAssert.EndsWith(response.Headers.Location!.OriginalString, "index.html");
    }

    private async Task<JsonDocument> GetDocumentAsync()
    {
        using var client = TestAssembly.Server.CreateClient();
        using var response = await client.GetAsync("/swagger/v1/swagger.json", TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }
}
