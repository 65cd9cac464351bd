using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests;

/// <summary>Two server processes on one Redis share the DataProtection key ring: each accepts the other's cookies.</summary>
[TestClass]
public sealed class TwoInstancesTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task CookieIssuedByOneInstance_IsAcceptedByAnother_BothWays()
    {
        await using var second = new ConsentServerFactory(TestAssembly.Redis.ConnectionString);
        var a = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var b = new TestApi(second.CreateClient(), TestContext);

        await AssertCrossVerificationAsync(a, b);
    }

    [TestMethod]
    public async Task TwoFreshInstancesOnAnEmptyRedis_AcceptEachOthersCookies()
    {
        using var redis = RedisServer.Start();
        await using var first = new ConsentServerFactory(redis.ConnectionString);
        await using var second = new ConsentServerFactory(redis.ConnectionString);
        var a = new TestApi(first.CreateClient(), TestContext);
        var b = new TestApi(second.CreateClient(), TestContext);

        await AssertCrossVerificationAsync(a, b);
    }

    [TestMethod]
    public async Task TwoFreshInstances_IssuingAtTheSameTime_AcceptEachOthersCookies()
    {
        using var redis = RedisServer.Start();
        await using var first = new ConsentServerFactory(redis.ConnectionString);
        await using var second = new ConsentServerFactory(redis.ConnectionString);
        var a = new TestApi(first.CreateClient(), TestContext);
        var b = new TestApi(second.CreateClient(), TestContext);
        var (site, key) = await a.CreateSiteWithKeyAsync();
        var choices = TestSites.Choices(("analytics", true), ("marketing", false));

        // Neither instance has a key ring yet; both need one at once.
        var issued = await Task.WhenAll(
            a.RecordAsync(site, key, TestApi.NewVisitor(), choices),
            b.RecordAsync(site, key, TestApi.NewVisitor(), choices));

        foreach (var verifier in new[] { a, b })
        {
            foreach (var response in issued)
            {
                var decisions = await verifier.VerifyAsync(site, key, response.Cookie.Value);
                Assert.IsTrue(decisions.IsAllowed("analytics"));
                Assert.IsFalse(decisions.IsAllowed("marketing"));
            }
        }
    }

    private static async Task AssertCrossVerificationAsync(TestApi a, TestApi b)
    {
        var (site, key) = await a.CreateSiteWithKeyAsync();
        var choices = TestSites.Choices(("analytics", true), ("marketing", false));

        var visitorOfA = TestApi.NewVisitor();
        var issuedByA = await a.RecordAsync(site, key, visitorOfA, choices);
        var verifiedByB = await b.VerifyAsync(site, key, issuedByA.Cookie.Value);
        Assert.AreEqual(visitorOfA, verifiedByB.Visitor);
        CollectionAssert.AreEqual(issuedByA.Decisions.Categories.ToArray(), verifiedByB.Categories.ToArray());
        // B also reads the state A stored.
        CollectionAssert.AreEqual(issuedByA.Decisions.Categories.ToArray(), (await b.GetConsentAsync(site, key, visitorOfA)).Categories.ToArray());

        var visitorOfB = TestApi.NewVisitor();
        var issuedByB = await b.RecordAsync(site, key, visitorOfB, choices);
        var verifiedByA = await a.VerifyAsync(site, key, issuedByB.Cookie.Value);
        Assert.AreEqual(visitorOfB, verifiedByA.Visitor);
        CollectionAssert.AreEqual(issuedByB.Decisions.Categories.ToArray(), verifiedByA.Categories.ToArray());
    }
}
