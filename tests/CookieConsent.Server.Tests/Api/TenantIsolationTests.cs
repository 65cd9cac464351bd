using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

/// <summary>Site B's visitors and statistics are out of reach of anything but B's own live keys.</summary>
[TestClass]
public sealed class TenantIsolationTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    public static IEnumerable<object[]> Matrix =>
        from endpoint in new[] { "record-consent", "get-consent", "verify-token", "export-receipts", "erase-visitor", "stats" }
        from credential in new[] { "no key", "wrong key", "other site's key", "revoked key", "admin key" }
        select new object[] { endpoint, credential };

    [TestMethod]
    [DynamicData(nameof(Matrix))]
    public async Task SiteScopedEndpoint_RefusesEverythingButTheSitesOwnKey(string endpoint, string credential)
    {
        var (siteA, keyA) = await Api.CreateSiteWithKeyAsync(hint: "tenant-a");
        var (siteB, keyB) = await Api.CreateSiteWithKeyAsync(hint: "tenant-b");
        var revokedB = await Api.CreateKeyAsync(siteB);
        // The revoked key was in use (and so cached as valid) before it was revoked.
        await Api.GetConsentAsync(siteB, revokedB.Key, TestApi.NewVisitor());
        await Api.RevokeKeyAsync(siteB, revokedB.KeyId);
        var visitor = TestApi.NewVisitor();
        var recorded = await Api.RecordAsync(siteB, keyB, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        var partsB = keyB.Split('.');
        var (presented, status) = credential switch
        {
            "no key" => ((string?)null, HttpStatusCode.Unauthorized),
            "wrong key" => ($"{partsB[0]}.{partsB[1]}.{partsB[2]}.{new string('Z', partsB[3].Length)}", HttpStatusCode.Unauthorized),
            "other site's key" => (keyA, HttpStatusCode.Forbidden),
            "revoked key" => (revokedB.Key, HttpStatusCode.Unauthorized),
            "admin key" => (ConsentServerFactory.AdminKey, HttpStatusCode.Forbidden),
            _ => throw new ArgumentOutOfRangeException(nameof(credential)),
        };
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, siteA, siteB);

        using var response = await SendAsync(endpoint, siteB, visitor, recorded.Cookie.Value, presented);

        await ProblemAssert.IsProblemAsync(response, status);
        var body = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.DoesNotContain(recorded.ReceiptId, body);
        Assert.DoesNotContain(visitor, body);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, siteA, siteB)).AssertSameAs(before, $"{endpoint} with {credential}");

        // The owner still sees everything unchanged.
        Assert.AreEqual(recorded.ReceiptId, (await Api.ExportAsync(siteB, keyB, visitor)).Receipts.Single().Id);
    }

    [TestMethod]
    [DynamicData(nameof(Endpoints))]
    public async Task SiteScopedEndpoint_WithTheSitesOwnKey_IsServed(string endpoint)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var recorded = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        using var response = await SendAsync(endpoint, site, visitor, recorded.Cookie.Value, key);

        Assert.IsTrue(response.IsSuccessStatusCode, $"{endpoint}: {(int)response.StatusCode}");
    }

    public static IEnumerable<object[]> Endpoints => Matrix.Select(row => row[0]).Distinct().Select(e => new[] { e });

    [TestMethod]
    public async Task SameVisitorIdOnTwoSites_AreTwoUnrelatedVisitors()
    {
        var (siteA, keyA) = await Api.CreateSiteWithKeyAsync(hint: "tenant-a");
        var (siteB, keyB) = await Api.CreateSiteWithKeyAsync(hint: "tenant-b");
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(siteB, keyB, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        var seenByA = await Api.GetConsentAsync(siteA, keyA, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.NoConsent), seenByA.Categories[1]);
        Assert.IsEmpty((await Api.ExportAsync(siteA, keyA, visitor)).Receipts);
        await Api.EraseAsync(siteA, keyA, visitor);
        Assert.IsEmpty((await Api.StatsAsync(siteA, keyA)).Days);

        // A's erasure did not touch B's visitor.
        Assert.IsTrue((await Api.GetConsentAsync(siteB, keyB, visitor)).IsAllowed("analytics"));
        Assert.HasCount(1, (await Api.ExportAsync(siteB, keyB, visitor)).Receipts);
    }

    private Task<HttpResponseMessage> SendAsync(string endpoint, string site, string visitor, string token, string? key) => endpoint switch
    {
        "record-consent" => Api.PutConsentAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false))),
        "get-consent" => Api.GetConsentResponseAsync(site, key, visitor),
        "verify-token" => Api.VerifyResponseAsync(site, key, token),
        "export-receipts" => Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/receipts", key),
        "erase-visitor" => Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}", key),
        "stats" => Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/stats", key),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };
}
