using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.Faults;

[TestClass]
public sealed class RedisKillTests : ServerTest
{
    private const int Workers = 48;
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(5);

    private enum Phase
    {
        Up,
        Down,
        Back,
    }

    [TestMethod]
    public async Task RedisKilledUnderLoad_ReadsDenyAndWritesAnswer503_ThenRecoversWithoutServerRestart()
    {
        var ct = TestContext.CancellationToken;
        using var redis = RedisServer.Start();
        await using var server = await ServerProcess.StartAsync(TestContext, redis.ConnectionString,
            new Dictionary<string, string> { ["CookieConsent__RedisTimeout"] = "00:00:02" });
        const string site = "fault-kill";
        var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;
        var visitor = ConsentIds.NewVisitorId();
        await Api.SendAsync(server.Client, Api.Record(site, visitor, key, Api.AllowAll()), ConsentJsonContext.Default.RecordConsentResponse, ct);

        var phase = (int)Phase.Up;
        var results = new ConcurrentBag<Observation>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var write = (i + worker) % 10 == 0;
                var before = (Phase)Volatile.Read(ref phase);
                using var request = write
                    ? Api.Record(site, ConsentIds.NewVisitorId(), key, Api.AllowAll())
                    : Api.GetConsent(site, visitor, key);
                using var response = await server.Client.SendAsync(request, CancellationToken.None);
                var after = (Phase)Volatile.Read(ref phase);
                results.Add(await Observation.ReadAsync(write, before, after, response));
            }
        }, CancellationToken.None)).ToArray();

        await Task.Delay(1000, ct);
        redis.Kill();
        Volatile.Write(ref phase, (int)Phase.Down);
        await Task.Delay(1500, ct);
        using (var ready = await server.Client.GetAsync("health/ready", ct))
        {
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode, "/health/ready while Redis is down");
        }
        await Task.Delay(500, ct);

        Volatile.Write(ref phase, (int)Phase.Back);
        redis.Launch();
        var recovery = Stopwatch.StartNew();
        await WaitUntilHealthyAsync(server, site, visitor, key, ct);
        var recovered = recovery.Elapsed;
        await Task.Delay(500, ct);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.IsFalse(server.HasExited, "the server process must survive");
        Assert.IsTrue(recovered < RecoveryBound, $"recovered after {recovered}");
        var all = results.ToList();
        var reads = all.Where(o => !o.Write).ToList();
        var writes = all.Where(o => o.Write).ToList();
        var unexpected = all.Where(o => o.Write ? o.Status is not (200 or 503) : o.Status != 200).ToList();
        Assert.IsEmpty(unexpected, "unexpected answers: " + string.Join(", ", unexpected.Take(5)));
        Assert.IsTrue(all.All(o => o.Status != 503 || o.IsProblem), "every 503 is problem details");

        var readsWhileDown = reads.Where(o => o is { Before: Phase.Down, After: Phase.Down }).ToList();
        var writesWhileDown = writes.Where(o => o is { Before: Phase.Down, After: Phase.Down }).ToList();
        Assert.IsGreaterThan(20, readsWhileDown.Count, "enough reads ran during the outage");
        Assert.IsGreaterThan(5, writesWhileDown.Count, "enough writes ran during the outage");
        Assert.IsTrue(readsWhileDown.All(o => o.Denied!.Value && o.Unavailable!.Value),
            "every read during the outage denies every optional category as unavailable");
        Assert.IsTrue(writesWhileDown.All(o => o.Status == 503), "every write during the outage answers 503");
        // The visitor allowed everything, so "allowed" is right only when the store answered: never while it was down.
        Assert.IsFalse(reads.Any(o => o.Denied == false && o.Unavailable == true), "an unavailable answer never allows");
        Assert.IsTrue(reads.Any(o => o.Before == Phase.Up && o.Denied == false), "reads before the kill saw the consent");
        Assert.IsTrue(writes.Any(o => o is { After: Phase.Back, Status: 200 }), "writes succeed again after recovery");
        TestContext.WriteLine($"{all.Count} requests ({reads.Count} reads, {writes.Count} writes); " +
            $"{readsWhileDown.Count} reads and {writesWhileDown.Count} writes during the outage; recovered in {recovered.TotalMilliseconds:0} ms");
    }

    /// <summary>Polls until readiness, a read and a write all succeed again.</summary>
    private static async Task WaitUntilHealthyAsync(ServerProcess server, string site, string visitor, string key, CancellationToken ct)
    {
        var until = DateTime.UtcNow + RecoveryBound + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < until)
        {
            using var ready = await server.Client.GetAsync("health/ready", ct);
            using var read = await server.Client.SendAsync(Api.GetConsent(site, visitor, key), ct);
            using var write = await server.Client.SendAsync(Api.Record(site, ConsentIds.NewVisitorId(), key, Api.AllowAll()), ct);
            if (ready.IsSuccessStatusCode && write.IsSuccessStatusCode && read.IsSuccessStatusCode
                && (await read.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ConsentDecisions, ct))!.IsAllowed("analytics"))
            {
                return;
            }
            await Task.Delay(100, ct);
        }
        Assert.Fail("The server did not recover after Redis came back.");
    }

    private sealed record Observation(bool Write, Phase Before, Phase After, int Status, bool IsProblem, bool? Denied, bool? Unavailable)
    {
        public static async Task<Observation> ReadAsync(bool write, Phase before, Phase after, HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            bool? denied = null, unavailable = null;
            if (!write && status == 200)
            {
                var decisions = (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ConsentDecisions))!;
                var optional = decisions.Categories.Where(c => Api.Optional.Contains(c.Category)).ToList();
                denied = optional.All(c => !c.Allowed);
                unavailable = optional.All(c => c.Reason == DecisionReason.Unavailable);
            }
            return new Observation(write, before, after, status, isProblem, denied, unavailable);
        }
    }
}
