using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class PolicyEndpointTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task GetPolicy_WithoutAnyKey_AnswersCategoriesTextsAndCurrentVersion()
    {
        var definition = TestSites.SixCategories();
        var site = await Api.CreateSiteAsync(definition);

        var policy = await GetPolicyAsync(site);

        Assert.AreEqual(site, policy.Site);
        Assert.AreEqual(1, policy.CurrentVersion);
        CollectionAssert.AreEqual(definition.Categories.Select(c => c.Id).ToList(), policy.Definition.Categories.Select(c => c.Id).ToList());
        Assert.IsTrue(policy.Definition.Categories[0].Required);
        Assert.AreEqual("Cookies für analytics.", policy.Definition.Categories.Single(c => c.Id == "analytics").Texts["de"].Description);
    }

    [TestMethod]
    public async Task GetPolicy_VersionScheduledInTheFuture_IsNotYetCurrent()
    {
        var now = DateTimeOffset.UtcNow;
        var definition = TestSites.Default() with
        {
            PolicyVersions =
            [
                new PolicyVersion(1, now.AddDays(-60), []),
                new PolicyVersion(2, now.AddDays(-10), ["analytics"]),
                new PolicyVersion(3, now.AddDays(14), ["marketing"]),
            ],
        };
        var site = await Api.CreateSiteAsync(definition);

        Assert.AreEqual(2, (await GetPolicyAsync(site)).CurrentVersion);

        // Once its instant has passed, it is current.
        using var put = await Api.PutSiteAsync(site, definition with
        {
            PolicyVersions = [.. definition.PolicyVersions.Take(2), new PolicyVersion(3, now.AddSeconds(-1), ["marketing"])],
        });
        await TestApi.Expect(put, HttpStatusCode.OK);
        Assert.AreEqual(3, (await GetPolicyAsync(site)).CurrentVersion);
    }

    [TestMethod]
    public async Task GetPolicy_OnlyFutureVersions_CurrentVersionIsZero()
    {
        var site = await Api.CreateSiteAsync(TestSites.Default() with
        {
            PolicyVersions = [new PolicyVersion(1, DateTimeOffset.UtcNow.AddDays(3), [])],
        });

        Assert.AreEqual(0, (await GetPolicyAsync(site)).CurrentVersion);
    }

    [TestMethod]
    public async Task GetPolicy_UnknownSite_Answers404Problem()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{TestSites.UniqueId(TestContext)}/policy", key: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task GetPolicy_MalformedSiteId_Answers400Problem()
    {
        using var response = await Api.SendAsync(HttpMethod.Get, "/v1/sites/Not_A_Site/policy", key: null);

        await ProblemAssert.IsValidationProblemAsync(response, "site");
    }

    private async Task<PolicyResponse> GetPolicyAsync(string site)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/policy", key: null);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.PolicyResponse, TestContext.CancellationToken))!;
    }
}
