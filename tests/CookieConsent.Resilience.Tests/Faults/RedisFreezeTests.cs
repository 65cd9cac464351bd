using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.Faults;

[TestClass]
public sealed class RedisFreezeTests : ServerTest
{
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(2);

    // CI shares two cores between this server, other test processes and a burst of requests: the margin covers
    // scheduling, not Redis. Without our own timeout these calls would never return at all.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    [TestMethod]
    public async Task RedisFrozen_ChecksAnswerDeniedWithinTimeout_WritesAnswer503_AndNormalAfterResume()
    {
        var ct = TestContext.CancellationToken;
        using var redis = RedisServer.Start();
        await using var server = await ServerProcess.StartAsync(TestContext, redis.ConnectionString,
            new Dictionary<string, string> { ["CookieConsent__RedisTimeout"] = "00:00:02" });
        const string site = "fault-freeze";
        var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;
        var visitor = ConsentIds.NewVisitorId();
        await Api.SendAsync(server.Client, Api.Record(site, visitor, key, Api.AllowAll()), ConsentJsonContext.Default.RecordConsentResponse, ct);
        Assert.IsTrue((await ReadAsync(server, site, visitor, key, ct)).Decisions!.IsAllowed("analytics"));

        redis.Freeze();
        try
        {
            // A frozen Redis raises no connection event: the server's read cache keeps answering what it holds (nothing
            // can be written meanwhile) until its lease, three ping intervals (3 s), runs out with no ping heard back.
            await Task.Delay(TimeSpan.FromSeconds(3.5), ct);
            // Site and key were just read, so each check costs exactly one Redis call: the consent read.
            var reads = Enumerable.Range(0, 50).Select(_ => ReadAsync(server, site, visitor, key, ct));
            var writes = Enumerable.Range(0, 10).Select(_ => TimedAsync(server, Api.Record(site, ConsentIds.NewVisitorId(), key, Api.AllowAll()), ct));
            var ready = TimedAsync(server, new HttpRequestMessage(HttpMethod.Get, "health/ready"), ct);
            var readResults = await Task.WhenAll(reads);
            var writeResults = await Task.WhenAll(writes);
            var readyResult = await ready;

            foreach (var read in readResults)
            {
                Assert.AreEqual(HttpStatusCode.OK, read.Status);
                Assert.IsTrue(read.Decisions!.Categories.Where(c => Api.Optional.Contains(c.Category))
                    .All(c => c is { Allowed: false, Reason: DecisionReason.Unavailable }), "denied as unavailable");
                Assert.IsTrue(read.Decisions.IsAllowed("necessary"), "required categories stay allowed");
            }
            Assert.IsLessThan(RedisTimeout + Margin, readResults.Max(r => r.Elapsed), "slowest check while frozen");
            Assert.IsTrue(writeResults.All(w => w.Status == HttpStatusCode.ServiceUnavailable), "writes answer 503 while frozen");
            Assert.IsLessThan(RedisTimeout + Margin, writeResults.Max(r => r.Elapsed), "slowest write while frozen");
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, readyResult.Status, "/health/ready while frozen");
            Assert.IsLessThan(TimeSpan.FromSeconds(1) + Margin, readyResult.Elapsed, "readiness probe while frozen");

            // Once the key and site caches expire each check pays for them too (stale answers are kept): still bounded.
            await Task.Delay(TimeSpan.FromSeconds(5.5), ct);
            var late = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ReadAsync(server, site, visitor, key, ct)));
            Assert.IsTrue(late.All(r => r.Status == HttpStatusCode.OK && !r.Decisions!.IsAllowed("analytics")), "still denied, still 200");
            Assert.IsLessThan(3 * RedisTimeout + Margin, late.Max(r => r.Elapsed), "slowest check with cold caches");
        }
        finally
        {
            redis.Resume();
        }

        var resumed = Stopwatch.StartNew();
        while (true)
        {
            var read = await ReadAsync(server, site, visitor, key, ct);
            if (read.Status == HttpStatusCode.OK && read.Decisions!.IsAllowed("analytics"))
            {
                break;
            }
            Assert.IsLessThan(TimeSpan.FromSeconds(5), resumed.Elapsed, "normal again within 5 s of resuming");
            await Task.Delay(100, ct);
        }
        var write = await TimedAsync(server, Api.Record(site, ConsentIds.NewVisitorId(), key, Api.AllowAll()), ct);
        Assert.AreEqual(HttpStatusCode.OK, write.Status);
        Assert.IsFalse(server.HasExited);
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Elapsed)> TimedAsync(
        ServerProcess server, HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            var watch = Stopwatch.StartNew();
            using var response = await server.Client.SendAsync(request, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            return (response.StatusCode, watch.Elapsed);
        }
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Elapsed, ConsentDecisions? Decisions)> ReadAsync(
        ServerProcess server, string site, string visitor, string key, CancellationToken ct)
    {
        using var request = Api.GetConsent(site, visitor, key);
        var watch = Stopwatch.StartNew();
        using var response = await server.Client.SendAsync(request, ct);
        var decisions = response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ConsentDecisions, ct)
            : null;
        return (response.StatusCode, watch.Elapsed, decisions);
    }
}
