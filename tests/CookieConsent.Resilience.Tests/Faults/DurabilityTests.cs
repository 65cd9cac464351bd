using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.Faults;

[TestClass]
public sealed class DurabilityTests : ServerTest
{
    private const int Visitors = 200;

    [TestMethod]
    public async Task RedisKilledRightAfterLastAcknowledgement_EveryAcknowledgedConsentAndReceiptSurvives()
    {
        var ct = TestContext.CancellationToken;
        using var redis = RedisServer.Start(appendFsync: "always");
        await using var server = await ServerProcess.StartAsync(TestContext, redis.ConnectionString);
        const string site = "fault-durability";
        var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;

        var random = new Random(5);
        var planned = Enumerable.Range(0, Visitors).Select(_ => (
            Visitor: ConsentIds.NewVisitorId(),
            Choices: Api.Optional.ToDictionary(c => c, _ => random.Next(2) == 1))).ToList();
        using var gate = new SemaphoreSlim(16);
        var acknowledged = await Task.WhenAll(planned.Select(async p =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var response = await Api.SendAsync(server.Client, Api.Record(site, p.Visitor, key, p.Choices),
                    ConsentJsonContext.Default.RecordConsentResponse, ct);
                return (p.Visitor, p.Choices, response.ReceiptId);
            }
            finally
            {
                gate.Release();
            }
        }));
        // SIGKILL the moment the last acknowledgement is in: only what reached the disk can survive.
        redis.Kill();
        redis.Launch();
        await WaitUntilReadyAsync(server, ct);

        foreach (var (visitor, choices, receiptId) in acknowledged)
        {
            var export = await Api.SendAsync(server.Client, Api.Receipts(site, visitor, key), ConsentJsonContext.Default.ReceiptExport, ct);
            var receipt = export.Receipts.SingleOrDefault(r => r.Id == receiptId);
            Assert.IsNotNull(receipt, $"receipt {receiptId} of an acknowledged consent is lost");
            CollectionAssert.AreEquivalent(choices.ToList(), receipt.Choices.ToList());
            var decisions = await Api.SendAsync(server.Client, Api.GetConsent(site, visitor, key), ConsentJsonContext.Default.ConsentDecisions, ct);
            foreach (var (category, allowed) in choices)
            {
                var decision = decisions.Categories.Single(c => c.Category == category);
                Assert.AreEqual(allowed, decision.Allowed, $"{category} of an acknowledged consent");
                Assert.AreEqual(allowed ? DecisionReason.VisitorChoice : DecisionReason.VisitorRefusal, decision.Reason);
            }
        }
        var stats = await Api.SendAsync(server.Client, Api.Stats(site, key), ConsentJsonContext.Default.SiteStats, ct);
        foreach (var category in Api.Optional)
        {
            Assert.AreEqual(acknowledged.Count(a => a.Choices[category]), stats.Days.Where(d => d.Category == category).Sum(d => d.OptIns));
            Assert.AreEqual(acknowledged.Count(a => !a.Choices[category]), stats.Days.Where(d => d.Category == category).Sum(d => d.OptOuts));
        }
        Assert.DoesNotContain("AppendOnlyCheck[1003]", server.Output, "AOF is on: no persistence warning");
    }

    private static async Task WaitUntilReadyAsync(ServerProcess server, CancellationToken ct)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            using var ready = await server.Client.GetAsync("health/ready", ct);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            await Task.Delay(100, ct);
        }
        Assert.Fail("The server did not become ready after Redis restarted.");
    }
}
