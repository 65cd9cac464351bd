using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests;

/// <summary>Every acknowledged consent survives a restart of redis-server, clean or not (AOF, appendfsync always).</summary>
[TestClass]
public sealed class PersistenceTests
{
    private const int Visitors = 50;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task CleanShutdownAndRestart_EveryAcknowledgedConsentAndReceiptIsStillThere()
    {
        await RecordRestartAndReadBackAsync(redis => redis.Shutdown());
    }

    [TestMethod]
    public async Task KillRightAfterTheLastAcknowledgement_EveryAcknowledgedConsentAndReceiptIsStillThere()
    {
        await RecordRestartAndReadBackAsync(redis => redis.Kill());
    }

    private async Task RecordRestartAndReadBackAsync(Action<RedisServer> stop)
    {
        using var redis = RedisServer.Start();
        Assert.AreEqual("always", redis.AppendFsync);
        var definition = TestSites.SixCategories();
        var optional = definition.Categories.Where(c => !c.Required).Select(c => c.Id).ToArray();
        string site;
        string key;
        var recorded = new List<(string Visitor, Dictionary<string, bool> Choices, RecordConsentResponse Response)>();
        await using (var factory = new ConsentServerFactory(redis.ConnectionString))
        {
            var api = new TestApi(factory.CreateClient(), TestContext);
            (site, key) = await api.CreateSiteWithKeyAsync(definition);
            // Ten at a time, as concurrent visitors would be.
            for (var batch = 0; batch < Visitors / 10; batch++)
            {
                var writes = Enumerable.Range(batch * 10, 10).Select(async i =>
                {
                    var visitor = TestApi.NewVisitor();
                    var choices = optional.Select((c, bit) => (c, ((i >> bit) & 1) == 1)).ToDictionary(p => p.c, p => p.Item2);
                    return (visitor, choices, await api.RecordAsync(site, key, visitor, choices));
                });
                recorded.AddRange(await Task.WhenAll(writes));
            }
            // No pause: stop the moment the last write was acknowledged.
            stop(redis);
        }

        redis.Launch();

        // A fresh server instance: nothing comes from an earlier process's memory (sites, keys, key ring).
        await using var restarted = new ConsentServerFactory(redis.ConnectionString);
        var client = restarted.CreateClient();
        await Readiness.WaitUntilReadyAsync(client, TimeSpan.FromSeconds(20), TestContext.CancellationToken);
        var reader = new TestApi(client, TestContext);
        Assert.HasCount(Visitors, recorded);
        foreach (var (visitor, choices, response) in recorded)
        {
            var decisions = await reader.GetConsentAsync(site, key, visitor);
            foreach (var (category, allowed) in choices)
            {
                Assert.AreEqual(new CategoryDecision(category, allowed, allowed ? DecisionReason.VisitorChoice : DecisionReason.VisitorRefusal),
                    decisions.Categories.Single(d => d.Category == category), $"visitor {visitor}");
            }
            var receipt = (await reader.ExportAsync(site, key, visitor)).Receipts.Single();
            Assert.AreEqual(response.ReceiptId, receipt.Id);
            CollectionAssert.AreEquivalent(choices.ToList(), receipt.Choices.ToList());
            // The cookie issued before the restart still verifies: the key ring persisted too.
            var verified = await reader.VerifyAsync(site, key, response.Cookie.Value);
            CollectionAssert.AreEqual(decisions.Categories.ToArray(), verified.Categories.ToArray());
        }
    }
}
