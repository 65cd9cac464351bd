using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.ScaleOut;

/// <summary>
/// A Redis with the default user turned off and one ACL user limited to the server's keys, as docs/production.md
/// describes: the connection string's <c>user=</c> and <c>password=</c> reach Redis unchanged.
/// </summary>
[TestClass]
public sealed class RedisAclTests : ServerTest
{
    private const string User = "consent-server";
    private const string Password = "acl-test-password-7c1e4b";

    // The rule documented in docs/production.md: the server's keys, the client library's pub/sub channel, every
    // command but the dangerous ones.
    private static readonly string[] AclRules =
        ["--user", "default", "off", "--user", User, "on", ">" + Password, "~cc:*", "&*", "+@all", "-@dangerous"];

    [TestMethod]
    public async Task AclUserAndPassword_ServerIsReady_StoresAndReadsConsent()
    {
        var ct = TestContext.CancellationToken;
        using var redis = RedisServer.Start(extraArguments: AclRules);
        Assert.StartsWith("NOAUTH", redis.RunCli("ping"), "the default user is off: an unauthenticated client is refused");
        await using var server = await ServerProcess.StartAsync(TestContext, $"{redis.ConnectionString},user={User},password={Password}");

        using (var ready = await server.Client.GetAsync("health/ready", ct))
        {
            Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode, "/health/ready with the ACL user");
        }
        const string site = "acl-site";
        var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;
        var visitor = ConsentIds.NewVisitorId();
        var recorded = await Api.SendAsync(server.Client, Api.Record(site, visitor, key, Api.AllowAll()),
            ConsentJsonContext.Default.RecordConsentResponse, ct);
        var read = await Api.SendAsync(server.Client, Api.GetConsent(site, visitor, key), ConsentJsonContext.Default.ConsentDecisions, ct);
        Assert.IsTrue(read.IsAllowed("analytics"), "the stored consent is read back through the ACL user");
        var verified = await Api.SendAsync(server.Client, Api.Verify(site, recorded.Cookie.Value, key), ConsentJsonContext.Default.ConsentDecisions, ct);
        Assert.AreEqual(visitor, verified.Visitor, "the key ring was written and read through the ACL user");
    }

    [TestMethod]
    public async Task WrongAclPassword_ServerStartsNotReady_AndWritesAnswer503()
    {
        var ct = TestContext.CancellationToken;
        using var redis = RedisServer.Start(extraArguments: AclRules);
        await using var server = await ServerProcess.StartAsync(TestContext, $"{redis.ConnectionString},user={User},password=wrong-password");

        using (var ready = await server.Client.GetAsync("health/ready", ct))
        {
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode, "/health/ready when Redis refuses the credentials");
        }
        using var write = await server.Client.SendAsync(
            Api.Request(HttpMethod.Put, "v1/sites/acl-refused", ServerProcess.AdminKey,
                System.Net.Http.Json.JsonContent.Create(Api.Site(), ConsentJsonContext.Default.SiteDefinition)), ct);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, write.StatusCode, "a write cannot be stored");
        Assert.IsFalse(server.HasExited, "the server keeps running");
    }
}
