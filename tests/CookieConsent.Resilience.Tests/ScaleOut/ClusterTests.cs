using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.ScaleOut;

[TestClass]
public sealed class ClusterTests : ServerTest
{
    [TestMethod]
    public async Task TwoServersOnAThreeMasterCluster_ShareConsentsCookiesReceiptsAndCounters()
    {
        var ct = TestContext.CancellationToken;
        using var cluster = RedisCluster.Start();
        var starting = new[]
        {
            ServerProcess.StartAsync(TestContext, cluster.ConnectionString),
            ServerProcess.StartAsync(TestContext, cluster.ConnectionString),
        };
        await using var one = await starting[0];
        await using var two = await starting[1];
        const string site = "cluster-site";
        var key = (await Api.CreateSiteAsync(one.Client, site, ct)).Key;

        // Written through one, read through the other.
        var visitors = Enumerable.Range(0, 12).Select(_ => ConsentIds.NewVisitorId()).ToList();
        var cookies = new List<string>();
        for (var i = 0; i < visitors.Count; i++)
        {
            var via = i % 2 == 0 ? one : two;
            var choices = new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = i % 3 == 0 };
            var recorded = await Api.SendAsync(via.Client, Api.Record(site, visitors[i], key, choices), ConsentJsonContext.Default.RecordConsentResponse, ct);
            cookies.Add(recorded.Cookie.Value);
        }
        for (var i = 0; i < visitors.Count; i++)
        {
            var other = i % 2 == 0 ? two : one;
            var read = await Api.SendAsync(other.Client, Api.GetConsent(site, visitors[i], key), ConsentJsonContext.Default.ConsentDecisions, ct);
            Assert.IsTrue(read.IsAllowed("analytics"), $"visitor {i} read through the other server");
            Assert.AreEqual(i % 3 == 0, read.IsAllowed("marketing"));
            // A cookie issued by one server verifies on the other: one key ring, in the cluster.
            var verified = await Api.SendAsync(other.Client, Api.Verify(site, cookies[i], key), ConsentJsonContext.Default.ConsentDecisions, ct);
            Assert.AreEqual(visitors[i], verified.Visitor);
            Assert.AreEqual(i % 3 == 0, verified.IsAllowed("marketing"));
        }

        // A second choice through the other server: two receipts, in order, whichever server is asked.
        var changed = await Api.SendAsync(two.Client, Api.Record(site, visitors[0], key, Api.Optional.ToDictionary(c => c, _ => false)),
            ConsentJsonContext.Default.RecordConsentResponse, ct);
        foreach (var server in new[] { one, two })
        {
            var export = await Api.SendAsync(server.Client, Api.Receipts(site, visitors[0], key), ConsentJsonContext.Default.ReceiptExport, ct);
            Assert.HasCount(2, export.Receipts);
            Assert.AreEqual(changed.ReceiptId, export.Receipts[^1].Id);
            Assert.IsFalse(export.Receipts[^1].Choices["analytics"]);
        }
        var stats = await Api.SendAsync(one.Client, Api.Stats(site, key), ConsentJsonContext.Default.SiteStats, ct);
        Assert.AreEqual(visitors.Count, stats.Days.Where(d => d.Category == "analytics").Sum(d => d.OptIns));
        Assert.AreEqual(1, stats.Days.Where(d => d.Category == "analytics").Sum(d => d.OptOuts));
        Assert.AreEqual(4, stats.Days.Where(d => d.Category == "marketing").Sum(d => d.OptIns));
        Assert.AreEqual(visitors.Count - 4 + 1, stats.Days.Where(d => d.Category == "marketing").Sum(d => d.OptOuts));

        // Erasure replaces both of a visitor's keys by a suppression record in one transaction: possible only because
        // they share a slot.
        Assert.AreEqual(HttpStatusCode.NoContent, await Api.StatusAsync(two.Client, Api.Erase(site, visitors[0], key), ct));
        var erased = await Api.SendAsync(one.Client, Api.Receipts(site, visitors[0], key), ConsentJsonContext.Default.ReceiptExport, ct);
        Assert.AreEqual(ConsentEvent.Erased, erased.Receipts.Single().Event, "only the erasure is left");
        Assert.IsTrue(erased.Chain!.Verified);
        var after = await Api.SendAsync(one.Client, Api.GetConsent(site, visitors[0], key), ConsentJsonContext.Default.ConsentDecisions, ct);
        // The visitor had refused everything: the refusals outlive the erasure.
        Assert.IsTrue(after.Categories.Where(c => Api.Optional.Contains(c.Category)).All(c => c is { Allowed: false, Reason: DecisionReason.VisitorRefusal }));

        // The data really is spread over the masters, so the above crossed nodes.
        var perNode = cluster.KeyCounts();
        Assert.IsGreaterThanOrEqualTo(2, perNode.Count(n => n > 0), "keys on " + string.Join("/", perNode));
        foreach (var server in new[] { one, two })
        {
            using var ready = await server.Client.GetAsync("health/ready", ct);
            Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode);
            Assert.DoesNotContain("fail:", server.Output, "no server error on the cluster");
        }
    }
}
