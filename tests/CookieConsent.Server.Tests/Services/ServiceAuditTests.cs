using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Services;

/// <summary>Service changes through the admin API are recorded in each affected site's audit log, like site changes.</summary>
[TestClass]
public sealed class ServiceAuditTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task PutAndDeleteOfAService_AreRecordedInEveryAffectedSitesLog_ByTheAdminApi()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var siteA = await api.CreateSiteAsync(hint: "audit-svc-a");
        var siteB = await api.CreateSiteAsync(hint: "audit-svc-b");
        var service = TestSites.UniqueId(TestContext, "audit-svc");

        await PutAsync(api, service, new ServiceDefinition("Analytics Co", [siteA], ["analytics"]), HttpStatusCode.Created);
        await PutAsync(api, service, new ServiceDefinition("Analytics Co", [siteA, siteB], ["analytics", "marketing"]), HttpStatusCode.OK);
        await PutAsync(api, service, new ServiceDefinition("Analytics Co", [siteB], ["analytics", "marketing"]), HttpStatusCode.OK);
        using (var deleted = await api.SendAsync(HttpMethod.Delete, $"/v1/services/{service}", ConsentServerFactory.AdminKey))
        {
            await TestApi.Expect(deleted, HttpStatusCode.NoContent);
        }

        CollectionAssert.AreEqual(new[]
        {
            ("service.changed", $"service {service}: joined (opt-out covers analytics; sync lifetime 30 days)"),
            ("service.changed", $"service {service}: changed categories (analytics, marketing), sites"),
            ("service.changed", $"service {service}: left"),
        }, await EntriesAsync(siteA));
        CollectionAssert.AreEqual(new[]
        {
            ("service.changed", $"service {service}: joined (opt-out covers analytics, marketing; sync lifetime 30 days)"),
            ("service.changed", $"service {service}: changed sites"),
            ("service.deleted", $"service {service}: deleted"),
        }, await EntriesAsync(siteB));
    }

    [TestMethod]
    public async Task RefusedPutAndDeleteOfAnUnknownService_RecordNothing()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync(hint: "audit-svc-none");
        var service = TestSites.UniqueId(TestContext, "audit-none");

        await PutAsync(api, service, new ServiceDefinition("", [site], ["no-such-category"]), HttpStatusCode.BadRequest);
        using var missing = await api.SendAsync(HttpMethod.Delete, $"/v1/services/{service}", ConsentServerFactory.AdminKey);

        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.IsEmpty((await EntriesAsync(site)).Where(e => e.Action.StartsWith("service.", StringComparison.Ordinal)));
    }

    private static async Task PutAsync(TestApi api, string service, ServiceDefinition definition, HttpStatusCode expected)
    {
        using var response = await api.SendAsync(HttpMethod.Put, $"/v1/services/{service}", ConsentServerFactory.AdminKey, JsonContent.Create(definition));
        Assert.AreEqual(expected, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // Oldest first (the log is stored newest first), service entries only (creating the site wrote its own entry).
    private static async Task<(string Action, string Summary)[]> EntriesAsync(string site)
    {
        var entries = await TestAssembly.Database.ListRangeAsync(Keys.Audit(site));
        return [.. entries.Select(e => System.Text.Json.JsonDocument.Parse((string)e!).RootElement)
            .Where(e => e.GetProperty("action").GetString()!.StartsWith("service.", StringComparison.Ordinal))
            .Select(e =>
            {
                Assert.AreEqual(AuditTrailActor, e.GetProperty("actor").GetString());
                return (e.GetProperty("action").GetString()!, e.GetProperty("summary").GetString()!);
            })
            .Reverse()];
    }

    private const string AuditTrailActor = "admin-api";
}
