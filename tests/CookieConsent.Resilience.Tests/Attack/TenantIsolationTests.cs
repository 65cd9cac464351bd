using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.Attack;

[TestClass]
public sealed class TenantIsolationTests : ServerTest
{
    private const string SiteA = "tenant-a";
    private const string SiteB = "tenant-b";

    [TestMethod]
    public async Task EverySiteScopedEndpoint_RefusesMissingWrongForeignRevokedAndAdminKeys_AndNothingChanges()
    {
        var ct = TestContext.CancellationToken;
        // The matrix makes dozens of refused attempts from one address: lift the lockout so every answer is the real one.
        await using var server = await ServerProcess.StartAsync(TestContext, await SharedRedis.ConnectionStringAsync(),
            new Dictionary<string, string> { ["CookieConsent__RateLimits__AuthFailures__PermitLimit"] = "10000" });
        var client = server.Client;
        var keyA = (await Api.CreateSiteAsync(client, SiteA, ct)).Key;
        var keyB = (await Api.CreateSiteAsync(client, SiteB, ct)).Key;
        var revoked = await Api.CreateKeyAsync(client, SiteA, ct);
        Assert.AreEqual(HttpStatusCode.NoContent, await Api.StatusAsync(client,
            Api.Request(HttpMethod.Delete, $"v1/sites/{SiteA}/keys/{revoked.KeyId}", ServerProcess.AdminKey), ct));

        var visitor = ConsentIds.NewVisitorId();
        var recorded = await Api.SendAsync(client, Api.Record(SiteA, visitor, keyA, Api.AllowAll()), ConsentJsonContext.Default.RecordConsentResponse, ct);
        var before = await SnapshotAsync(client, visitor, keyA, ct);

        var denyAll = Api.Optional.ToDictionary(c => c, _ => false);
        var siteKeyEndpoints = new (string Name, Func<string?, HttpRequestMessage> Request)[]
        {
            ("PUT consent", key => Api.Record(SiteA, visitor, key, denyAll)),
            ("GET consent", key => Api.Request(HttpMethod.Get, $"v1/sites/{SiteA}/visitors/{visitor}/consent", key)),
            ("POST tokens/verify", key => Api.Request(HttpMethod.Post, $"v1/sites/{SiteA}/tokens/verify", key,
                JsonContent.Create(new VerifyTokenRequest(recorded.Cookie.Value), ConsentJsonContext.Default.VerifyTokenRequest))),
            ("GET receipts", key => Api.Request(HttpMethod.Get, $"v1/sites/{SiteA}/visitors/{visitor}/receipts", key)),
            ("GET receipts/notices", key => Api.Request(HttpMethod.Get, $"v1/sites/{SiteA}/visitors/{visitor}/receipts/notices", key)),
            ("DELETE visitor", key => Api.Request(HttpMethod.Delete, $"v1/sites/{SiteA}/visitors/{visitor}", key)),
            ("GET stats", key => Api.Request(HttpMethod.Get, $"v1/sites/{SiteA}/stats", key)),
        };
        var wrongKeys = new[] { "cck.tenant-a.000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not-a-key", keyA[..^1] + (keyA[^1] == 'A' ? 'B' : 'A') };
        var siteKeyCases = new List<(string Credential, string? Key, HttpStatusCode Expected)> { ("no key", null, HttpStatusCode.Unauthorized) };
        siteKeyCases.AddRange(wrongKeys.Select(k => ("wrong key", (string?)k, HttpStatusCode.Unauthorized)));
        siteKeyCases.Add(("other site's key", keyB, HttpStatusCode.Forbidden));
        siteKeyCases.Add(("revoked key", revoked.Key, HttpStatusCode.Unauthorized));
        siteKeyCases.Add(("admin key", ServerProcess.AdminKey, HttpStatusCode.Forbidden));

        var failures = new List<string>();
        foreach (var (name, request) in siteKeyEndpoints)
        {
            foreach (var (credential, key, expected) in siteKeyCases)
            {
                await ExpectAsync(client, request(key), expected, $"{name} with {credential}", failures, ct);
            }
        }

        var hijacked = Api.Site() with { DisplayName = "Taken over" };
        var adminEndpoints = new (string Name, Func<string?, HttpRequestMessage> Request)[]
        {
            ("PUT site", key => Api.Request(HttpMethod.Put, $"v1/sites/{SiteA}", key, JsonContent.Create(hijacked, ConsentJsonContext.Default.SiteDefinition))),
            ("GET site", key => Api.Request(HttpMethod.Get, $"v1/sites/{SiteA}", key)),
            ("POST keys", key => Api.Request(HttpMethod.Post, $"v1/sites/{SiteA}/keys", key)),
            ("DELETE key", key => Api.Request(HttpMethod.Delete, $"v1/sites/{SiteA}/keys/{KeyId(keyA)}", key)),
        };
        var adminCases = new (string Credential, string? Key)[]
        {
            ("no key", null), ("wrong key", "resilience-admin-key-0f3c9a7e5b1e"), ("the site's own key", keyA),
            ("other site's key", keyB), ("revoked key", revoked.Key),
        };
        foreach (var (name, request) in adminEndpoints)
        {
            foreach (var (credential, key) in adminCases)
            {
                await ExpectAsync(client, request(key), HttpStatusCode.Unauthorized, $"{name} with {credential}", failures, ct);
            }
        }
        Assert.IsEmpty(failures, string.Join("\n", failures));

        var after = await SnapshotAsync(client, visitor, keyA, ct);
        Assert.AreEqual(before, after, "nothing changed");
        TestContext.WriteLine($"{siteKeyEndpoints.Length * siteKeyCases.Count + adminEndpoints.Length * adminCases.Length} refused requests checked");
    }

    private static string KeyId(string key) => key.Split('.')[2];

    private static async Task ExpectAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected, string what,
        List<string> failures, CancellationToken ct)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != expected)
            {
                failures.Add($"{what}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
            }
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{what}: not problem details");
            }
            else if (expected == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.Count == 0)
            {
                failures.Add($"{what}: 401 without WWW-Authenticate");
            }
        }
    }

    /// <summary>Everything the refused calls could have touched, read with the right keys.</summary>
    private static async Task<string> SnapshotAsync(HttpClient client, string visitor, string keyA, CancellationToken ct)
    {
        async Task<string> Read(HttpRequestMessage request)
        {
            using (request)
            {
                using var response = await client.SendAsync(request, ct);
                return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
            }
        }
        return string.Join("\n",
            await Read(Api.GetConsent(SiteA, visitor, keyA)),
            await Read(Api.Receipts(SiteA, visitor, keyA)),
            await Read(Api.Stats(SiteA, keyA)),
            await Read(Api.Request(HttpMethod.Get, $"v1/sites/{SiteA}", ServerProcess.AdminKey)));
    }
}
