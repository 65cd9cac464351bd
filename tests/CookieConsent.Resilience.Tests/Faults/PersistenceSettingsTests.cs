using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.Faults;

[TestClass]
public sealed partial class PersistenceSettingsTests : ServerTest
{
    [TestMethod]
    public async Task NoRedisConfigured_ServerRunsItsOwnRedisWithAppendFsyncAlways_EndToEnd()
    {
        var ct = TestContext.CancellationToken;
        int port;
        await using (var server = await ServerProcess.StartAsync(TestContext, redis: null))
        {
            var started = await server.WaitForOutputAsync(LocalRedisStarted(), TimeSpan.FromSeconds(5), ct);
            port = int.Parse(started.Groups["port"].Value);
            Assert.AreEqual("appendonly\nyes", RedisCli.Run(port, "config", "get", "appendonly"));
            Assert.AreEqual("appendfsync\nalways", RedisCli.Run(port, "config", "get", "appendfsync"));
            Assert.AreEqual("bind\n127.0.0.1", RedisCli.Run(port, "config", "get", "bind"), "loopback only");

            using (var ready = await server.Client.GetAsync("health/ready", ct))
            {
                Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode);
            }
            const string site = "managed-redis";
            var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;
            var visitor = ConsentIds.NewVisitorId();
            var recorded = await Api.SendAsync(server.Client, Api.Record(site, visitor, key, Api.AllowAll()),
                ConsentJsonContext.Default.RecordConsentResponse, ct);
            var read = await Api.SendAsync(server.Client, Api.GetConsent(site, visitor, key), ConsentJsonContext.Default.ConsentDecisions, ct);
            Assert.IsTrue(read.IsAllowed("analytics"));
            var verified = await Api.SendAsync(server.Client, Api.Verify(site, recorded.Cookie.Value, key), ConsentJsonContext.Default.ConsentDecisions, ct);
            Assert.IsTrue(verified.IsAllowed("marketing"));
            Assert.AreEqual("1", RedisCli.Run(port, "exists", $"cc:{{{site}:{visitor}}}:v"), "stored in the managed Redis");
        }
        // Stopping the server stops its Redis as well.
        using var probe = new TcpClient();
        Assert.ThrowsExactly<SocketException>(() => probe.Connect("127.0.0.1", port), "the managed redis-server outlived the server");
    }

    [TestMethod]
    public async Task ExternalRedisWithoutAppendOnly_ServerWarnsAtStart()
    {
        var ct = TestContext.CancellationToken;
        using var redis = RedisServer.Start();
        Assert.AreEqual("OK", redis.RunCli("config", "set", "appendonly", "no"));
        await using var server = await ServerProcess.StartAsync(TestContext, redis.ConnectionString);

        await server.WaitForOutputAsync(AppendOnlyOff(), TimeSpan.FromSeconds(10), ct);
        using var ready = await server.Client.GetAsync("health/ready", ct);
        Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode, "a warning, not a refusal to serve");
        var policy = await server.Client.GetAsync("v1/sites/nope/policy", ct);
        Assert.AreEqual(HttpStatusCode.NotFound, policy.StatusCode);
        Assert.AreEqual("application/problem+json", policy.Content.Headers.ContentType?.MediaType);
        _ = await policy.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ProblemBody, ct);
    }

    [GeneratedRegex(@"Started local redis-server on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex LocalRedisStarted();

    // EventId 1003 is the AppendOnlyOff event.
    [GeneratedRegex(@"warn: CookieConsent\.Server\.Hosting\.AppendOnlyCheck\[1003\]\s+Redis has appendonly=no")]
    private static partial Regex AppendOnlyOff();
}
