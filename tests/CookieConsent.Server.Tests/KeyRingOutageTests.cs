using System.Net;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests;

/// <summary>A cookie signed with a key this instance has not loaded, while the key ring's Redis is down.</summary>
[TestClass]
public sealed class KeyRingOutageTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task UnknownSigningKey_WhileRedisIsDown_Answers503_NotInvalidAndNot500()
    {
        using var redisOfA = RedisServer.Start();
        using var redisOfB = RedisServer.Start();
        await using var serverA = new ConsentServerFactory(redisOfA.ConnectionString);
        await using var serverB = new ConsentServerFactory(redisOfB.ConnectionString);
        var a = new TestApi(serverA.CreateClient(), TestContext);
        var b = new TestApi(serverB.CreateClient(), TestContext);
        var definition = TestSites.Default();
        var site = await a.CreateSiteAsync(definition);
        using (var created = await b.PutSiteAsync(site, definition))
        {
            await TestApi.Expect(created, HttpStatusCode.Created);
        }
        var keyOfA = (await a.CreateKeyAsync(site)).Key;
        var keyOfB = (await b.CreateKeyAsync(site)).Key;
        var choices = TestSites.Choices(("analytics", true), ("marketing", true));
        // B loads its own key ring, its site and its key; A signs with a key B has never seen.
        var ownCookie = (await b.RecordAsync(site, keyOfB, TestApi.NewVisitor(), choices)).Cookie.Value;
        await b.VerifyAsync(site, keyOfB, ownCookie);
        var foreignCookie = (await a.RecordAsync(site, keyOfA, TestApi.NewVisitor(), choices)).Cookie.Value;

        redisOfB.Kill();

        // B must reload its key ring to judge the cookie and cannot: that is doubt, not a forgery.
        using var response = await b.VerifyResponseAsync(site, keyOfB, foreignCookie);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }
}
