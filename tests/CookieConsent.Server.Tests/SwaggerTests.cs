using System.Net;
using System.Text.Json;

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
        ["put", Site, new[] { "200", "201", "400", "401", "413", "503" }],
        ["get", Site, new[] { "200", "400", "401", "404", "503" }],
        ["post", Site + "/keys", new[] { "201", "400", "401", "404", "503" }],
        ["delete", Site + "/keys/{keyId}", new[] { "204", "400", "401", "404", "503" }],
        ["get", Site + "/policy", new[] { "200", "400", "404", "503" }],
        ["put", Visitor + "/consent", new[] { "200", "400", "401", "403", "404", "413", "503" }],
        ["get", Visitor + "/consent", new[] { "200", "400", "401", "403", "404", "503" }],
        ["post", Site + "/tokens/verify", new[] { "200", "400", "401", "403", "404", "413", "422", "503" }],
        ["get", Visitor + "/receipts", new[] { "200", "400", "401", "403", "404", "503" }],
        ["delete", Visitor, new[] { "204", "400", "401", "403", "404", "503" }],
        ["get", Site + "/stats", new[] { "200", "400", "401", "403", "404", "503" }],
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

        foreach (var schema in new[] { "SiteDefinition", "RecordConsentRequest", "RecordConsentResponse", "ConsentDecisions", "VerifyTokenRequest", "ReceiptExport", "SiteStats", "ApiKeyCreated", "PolicyResponse", "ProblemDetails", "HttpValidationProblemDetails" })
        {
            Assert.IsTrue(schemas.TryGetProperty(schema, out _), $"schema {schema} missing");
        }
        var put = document.RootElement.GetProperty("paths").GetProperty(Visitor + "/consent").GetProperty("put");
        StringAssert.Contains(put.GetProperty("requestBody").GetRawText(), "RecordConsentRequest");
    }

    [TestMethod]
    public async Task SwaggerUi_IsServed()
    {
        using var client = TestAssembly.Server.CreateClient();

        using var response = await client.GetAsync("/swagger/index.html", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(TestContext.CancellationToken), "swagger");
    }

    private async Task<JsonDocument> GetDocumentAsync()
    {
        using var client = TestAssembly.Server.CreateClient();
        using var response = await client.GetAsync("/swagger/v1/swagger.json", TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }
}
