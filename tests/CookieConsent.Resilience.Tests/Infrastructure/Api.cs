using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Resilience.Tests.Infrastructure;

/// <summary>The /v1 calls the tests make, spelled once.</summary>
internal static class Api
{
    public static readonly string[] Optional = ["analytics", "marketing"];

    public static SiteDefinition Site(params string[] returnHosts)
    {
        var texts = new Dictionary<string, CategoryText> { ["en"] = new("Name", "Description") };
        return new SiteDefinition(
            "Resilience test site",
            [
                new CategoryDefinition("necessary", Required: true, SaleOrSharing: false, texts, ["session"]),
                new CategoryDefinition("analytics", Required: false, SaleOrSharing: false, texts, ["_ga*"]),
                new CategoryDefinition("marketing", Required: false, SaleOrSharing: true, texts, ["_fbp"]),
            ],
            [new PolicyVersion(1, DateTimeOffset.UtcNow.AddDays(-1), [])],
            returnHosts.Length > 0 ? returnHosts : ["shop.example"]);
    }

    public static Dictionary<string, bool> AllowAll() => Optional.ToDictionary(c => c, _ => true);

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        }
        return request;
    }

    /// <summary>Creates the site and one key for it through the SDK's admin client; returns the key.</summary>
    public static async Task<ApiKeyCreated> CreateSiteAsync(HttpClient client, string site, CancellationToken cancellationToken)
    {
        await using var admin = Admin(client);
        var api = admin.GetRequiredService<ICookieConsentAdminApi>();
        await api.PutSiteAsync(site, Site(), cancellationToken);
        return await api.CreateKeyAsync(site, cancellationToken);
    }

    public static async Task<ApiKeyCreated> CreateKeyAsync(HttpClient client, string site, CancellationToken cancellationToken)
    {
        await using var admin = Admin(client);
        return await admin.GetRequiredService<ICookieConsentAdminApi>().CreateKeyAsync(site, cancellationToken);
    }

    // The admin client as AddCookieConsentAdminClient registers it, for the server behind the client's base address.
    private static ServiceProvider Admin(HttpClient client)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCookieConsentAdminClient(options =>
        {
            options.ServerUrl = client.BaseAddress?.ToString();
            options.AdminKey = ServerProcess.AdminKey;
        });
        return services.BuildServiceProvider();
    }

    public static HttpRequestMessage Record(string site, string visitor, string? key, IReadOnlyDictionary<string, bool> choices,
        string? ip = null, string? userAgent = null) =>
        Request(HttpMethod.Put, $"v1/sites/{site}/visitors/{visitor}/consent", key,
            JsonContent.Create(new RecordConsentRequest(choices, ConsentSource.Api, ip, userAgent),
                ConsentJsonContext.Default.RecordConsentRequest));

    public static HttpRequestMessage GetConsent(string site, string visitor, string key) =>
        Request(HttpMethod.Get, $"v1/sites/{site}/visitors/{visitor}/consent", key);

    public static HttpRequestMessage Verify(string site, string token, string key) =>
        Request(HttpMethod.Post, $"v1/sites/{site}/tokens/verify", key,
            JsonContent.Create(new VerifyTokenRequest(token), ConsentJsonContext.Default.VerifyTokenRequest));

    public static HttpRequestMessage Receipts(string site, string visitor, string key) =>
        Request(HttpMethod.Get, $"v1/sites/{site}/visitors/{visitor}/receipts", key);

    public static HttpRequestMessage Erase(string site, string visitor, string key) =>
        Request(HttpMethod.Delete, $"v1/sites/{site}/visitors/{visitor}", key);

    public static HttpRequestMessage Stats(string site, string key) => Request(HttpMethod.Get, $"v1/sites/{site}/stats", key);

    /// <summary>Sends and reads a JSON answer, failing with the body when the status is not the expected one.</summary>
    public static async Task<T> SendAsync<T>(HttpClient client, HttpRequestMessage request, JsonTypeInfo<T> type,
        CancellationToken cancellationToken, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, cancellationToken);
            await ExpectAsync(response, expected, cancellationToken);
            return (await response.Content.ReadFromJsonAsync(type, cancellationToken))!;
        }
    }

    public static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, cancellationToken);
            return response.StatusCode;
        }
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>Whether the answer is RFC 9457 problem details with the given status.</summary>
    public static async Task<ProblemBody> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType,
            $"{(int)response.StatusCode} should be problem details");
        var problem = (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ProblemBody, cancellationToken))!;
        Assert.AreEqual((int)response.StatusCode, problem.Status);
        Assert.IsFalse(string.IsNullOrEmpty(problem.Title));
        return problem;
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
