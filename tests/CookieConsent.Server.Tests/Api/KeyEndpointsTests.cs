using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class KeyEndpointsTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task CreateKey_Answers201_ShowsTheKeyOnce_AndStoresOnlyItsHash()
    {
        var site = await Api.CreateSiteAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/keys", ConsentServerFactory.AdminKey);

        await TestApi.Expect(response, HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ApiKeyCreated, TestContext.CancellationToken))!;
        Assert.AreEqual($"/v1/sites/{site}/keys/{created.KeyId}", response.Headers.Location?.OriginalString);
        StringAssert.StartsWith(created.Key, $"cck.{site}.{created.KeyId}.");
        var secret = created.Key.Split('.')[3];
        Assert.IsGreaterThanOrEqualTo(43, secret.Length, "256 bits of secret");

        var stored = await TestAssembly.Database.HashGetAllAsync(Keys.ApiKeys(site));
        Assert.HasCount(1, stored);
        Assert.AreEqual(created.KeyId, (string)stored[0].Name!);
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))), (string)stored[0].Value!);
        foreach (var value in (await RedisSnapshot.OfEverythingAsync(TestAssembly.Database)).Values)
        {
            Assert.DoesNotContain(secret, value, "the key's secret must not be stored anywhere in Redis");
        }

        // Shown once: nothing the admin API answers later carries it.
        using var site2 = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey);
        Assert.DoesNotContain(secret, await site2.Content.ReadAsStringAsync(TestContext.CancellationToken));

        // And it works.
        var decisions = await Api.GetConsentAsync(site, created.Key, TestApi.NewVisitor());
        Assert.AreEqual(site, decisions.Site);
    }

    [TestMethod]
    public async Task CreateKey_Twice_GivesTwoDifferentWorkingKeys()
    {
        var site = await Api.CreateSiteAsync();

        var first = await Api.CreateKeyAsync(site);
        var second = await Api.CreateKeyAsync(site);

        Assert.AreNotEqual(first.KeyId, second.KeyId);
        Assert.AreNotEqual(first.Key, second.Key);
        await Api.GetConsentAsync(site, first.Key, TestApi.NewVisitor());
        await Api.GetConsentAsync(site, second.Key, TestApi.NewVisitor());
    }

    [TestMethod]
    public async Task CreateKey_UnknownSite_Answers404_AndStoresNothing()
    {
        var site = TestSites.UniqueId(TestContext);

        using var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/keys", ConsentServerFactory.AdminKey);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.IsEmpty((await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).Entries);
    }

    [TestMethod]
    public async Task RevokeKey_Answers204_ThenTheKeyIsRefusedWith401_AndOtherKeysStillWork()
    {
        var site = await Api.CreateSiteAsync();
        var revoked = await Api.CreateKeyAsync(site);
        var kept = await Api.CreateKeyAsync(site);
        var visitor = TestApi.NewVisitor();
        await Api.GetConsentAsync(site, revoked.Key, visitor);

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/keys/{revoked.KeyId}", ConsentServerFactory.AdminKey);

        await TestApi.Expect(response, HttpStatusCode.NoContent);
        Assert.IsFalse(await TestAssembly.Database.HashExistsAsync(Keys.ApiKeys(site), revoked.KeyId));
        using var refused = await Api.GetConsentResponseAsync(site, revoked.Key, visitor);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized);
        await Api.GetConsentAsync(site, kept.Key, visitor);
    }

    [TestMethod]
    public async Task RevokeKey_Twice_SecondAnswers404()
    {
        var site = await Api.CreateSiteAsync();
        var key = await Api.CreateKeyAsync(site);
        await Api.RevokeKeyAsync(site, key.KeyId);

        using var again = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/keys/{key.KeyId}", ConsentServerFactory.AdminKey);

        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task RevokeKey_UnknownKeyId_Answers404_AndChangesNothing()
    {
        var site = await Api.CreateSiteAsync();
        var key = await Api.CreateKeyAsync(site);
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/keys/0123456789ab", ConsentServerFactory.AdminKey);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "revoking an unknown key");
        await Api.GetConsentAsync(site, key.Key, TestApi.NewVisitor());
    }

    [TestMethod]
    public async Task RevokeKey_OfAnotherSite_Answers404_AndTheKeyKeepsWorking()
    {
        var (siteA, _) = await Api.CreateSiteWithKeyAsync(hint: "revoke-a");
        var siteB = await Api.CreateSiteAsync(hint: "revoke-b");
        var keyB = await Api.CreateKeyAsync(siteB);

        using var response = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{siteA}/keys/{keyB.KeyId}", ConsentServerFactory.AdminKey);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        await Api.GetConsentAsync(siteB, keyB.Key, TestApi.NewVisitor());
    }
}
