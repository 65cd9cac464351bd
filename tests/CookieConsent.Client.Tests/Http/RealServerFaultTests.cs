using CookieConsent.Client.Checking;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Client.Tests.Http;

/// <summary><c>CanTrackAsync</c> against a real server that stops, stalls or fails: always false, always bounded.</summary>
[TestClass]
public sealed class RealServerFaultTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    private async Task<(ServiceProvider Services, string Visitor)> AcceptedVisitorAsync(
        ConsentServerFixture server, List<string> logs, Action<CookieConsentClientOptions>? configure = null)
    {
        const string site = "fault-site";
        var key = await server.CreateSiteAsync(site, ConsentServerFixture.Shop(), TestContext.CancellationToken);
        var services = server.Client(site, key, configure, logs);
        var visitor = ConsentIds.NewVisitorId();
        await services.GetRequiredService<ICookieConsentApi>().RecordConsentAsync(site, visitor,
            new RecordConsentRequest(new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = true }),
            ConsentSignals.None, TestContext.CancellationToken);
        var checker = services.GetRequiredService<IConsentChecker>();
        Assert.IsTrue(await checker.CanTrackAsync(visitor, "analytics", ConsentSignals.None, TestContext.CancellationToken), "precondition");
        return (services, visitor);
    }

    [TestMethod]
    public async Task StoppedServer_IsFalse()
    {
        var logs = new List<string>();
        var server = ConsentServerFixture.Start();
        var (services, visitor) = await AcceptedVisitorAsync(server, logs);
        using var _ = services;

        await server.DisposeAsync();
        var started = DateTime.UtcNow;
        var allowed = await services.GetRequiredService<IConsentChecker>().CanTrackAsync(visitor, "analytics", ConsentSignals.None, TestContext.CancellationToken);

        Assert.IsFalse(allowed);
        Assert.IsLessThan(TimeSpan.FromSeconds(2) + Margin, DateTime.UtcNow - started);
        Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckUnreachable") || l.StartsWith("ConsentCheckTimedOut")), string.Join("\n", logs));
    }

    [TestMethod]
    public async Task ServerSlowerThanTheTimeout_IsFalse_WithinTheTimeout()
    {
        var logs = new List<string>();
        // The server waits up to 20 s for Redis; the client gives up long before.
        await using var server = ConsentServerFixture.Start(redisTimeout: TimeSpan.FromSeconds(20));
        var timeout = TimeSpan.FromMilliseconds(800);
        var (services, visitor) = await AcceptedVisitorAsync(server, logs,
            o => (o.Timeout, o.AttemptTimeout) = (timeout, TimeSpan.FromMilliseconds(400)));
        using var _ = services;

        server.Redis.Freeze();
        // The server answers from its read cache until the cache's lease (three 1 s pings) runs out unanswered; from
        // then on every check waits on the frozen Redis, which is the slow server these tests need.
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.CancellationToken);
        try
        {
            var started = DateTime.UtcNow;
            var allowed = await services.GetRequiredService<IConsentChecker>().CanTrackAsync(visitor, "analytics", ConsentSignals.None, TestContext.CancellationToken);

            Assert.IsFalse(allowed);
            Assert.IsLessThan(timeout + Margin, DateTime.UtcNow - started);
            Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckTimedOut")), string.Join("\n", logs));
        }
        finally
        {
            server.Redis.Resume();
        }
    }

    [TestMethod]
    public async Task HangingServer_OpensTheCircuit_AndLaterChecksNeverReachIt()
    {
        var logs = new List<string>();
        await using var server = ConsentServerFixture.Start(redisTimeout: TimeSpan.FromSeconds(20));
        var (services, visitor) = await AcceptedVisitorAsync(server, logs, o =>
        {
            (o.Timeout, o.AttemptTimeout, o.Retries) = (TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500), 0);
            (o.CircuitBreakerMinimumThroughput, o.CircuitBreakDuration) = (4, TimeSpan.FromMinutes(5));
        });
        using var _ = services;
        var checker = services.GetRequiredService<IConsentChecker>();
        var ct = TestContext.CancellationToken;

        server.Redis.Freeze();
        // The server answers from its read cache until the cache's lease (three 1 s pings) runs out unanswered; from
        // then on every check waits on the frozen Redis, which is the slow server these tests need.
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.CancellationToken);
        try
        {
            // Checks time out against the hanging server until the failures open the circuit.
            for (var i = 0; i < 10 && !Logged(logs, "ConsentCheckCircuitOpen"); i++)
            {
                Assert.IsFalse(await checker.CanTrackAsync(visitor, "analytics", ConsentSignals.None, ct));
            }
            Assert.IsTrue(Logged(logs, "ConsentCheckTimedOut"), string.Join("\n", logs));
            Assert.IsTrue(Logged(logs, "ConsentCheckCircuitOpen"), string.Join("\n", logs));

            var reached = server.ApiRequests;
            for (var i = 0; i < 20; i++)
            {
                Assert.IsFalse(await checker.CanTrackAsync(visitor, "analytics", ConsentSignals.None, ct));
            }
            Assert.AreEqual(reached, server.ApiRequests, "with the circuit open no check reaches the server");
        }
        finally
        {
            server.Redis.Resume();
        }
    }

    [TestMethod]
    public async Task RegisteredTwice_Server500IsRetriedOnlyTheConfiguredNumberOfTimes()
    {
        await using var server = ConsentServerFixture.Start();
        var key = await server.CreateSiteAsync("twice-site", ConsentServerFixture.Shop(), TestContext.CancellationToken);
        var services = new ServiceCollection().AddLogging();
        services.AddCookieConsentClient(o => (o.ServerUrl, o.SiteId, o.ApiKey) = (server.BaseAddress, "twice-site", key));
        services.AddCookieConsentClient(o => o.Retries = 2);
        await using var provider = services.BuildServiceProvider();

        server.Fail500 = true;
        var before = server.ApiRequests;
        Assert.IsFalse(await provider.GetRequiredService<IConsentChecker>().CanTrackAsync(
            ConsentIds.NewVisitorId(), "analytics", ConsentSignals.None, TestContext.CancellationToken));

        Assert.AreEqual(3, server.ApiRequests - before, "one attempt and two retries");
    }

    private static bool Logged(List<string> logs, string eventName)
    {
        lock (logs)
        {
            return logs.Any(l => l.StartsWith(eventName + ":", StringComparison.Ordinal));
        }
    }

    [TestMethod]
    public async Task Server500_IsFalse_AfterRetryingTheRead()
    {
        var logs = new List<string>();
        await using var server = ConsentServerFixture.Start();
        var (services, visitor) = await AcceptedVisitorAsync(server, logs, o => o.Retries = 2);
        using var _ = services;

        server.Fail500 = true;
        var before = server.ApiRequests;
        var allowed = await services.GetRequiredService<IConsentChecker>().CanTrackAsync(visitor, "analytics", ConsentSignals.None, TestContext.CancellationToken);

        Assert.IsFalse(allowed);
        Assert.AreEqual(3, server.ApiRequests - before, "one attempt and two retries");
        Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckErrorAnswer") && l.Contains("500")), string.Join("\n", logs));
    }

    [TestMethod]
    public async Task Server500_OnAWrite_IsAConsentApiException_AndNotRetried()
    {
        await using var server = ConsentServerFixture.Start();
        var key = await server.CreateSiteAsync("write-site", ConsentServerFixture.Shop(), TestContext.CancellationToken);
        using var services = server.Client("write-site", key);

        server.Fail500 = true;
        var before = server.ApiRequests;
        var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.GetRequiredService<ICookieConsentApi>().RecordConsentAsync(
            "write-site", ConsentIds.NewVisitorId(), new RecordConsentRequest(new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = true }),
            ConsentSignals.None, TestContext.CancellationToken));

        Assert.AreEqual(500, error.Status);
        Assert.AreEqual("Internal error", error.Title);
        Assert.AreEqual(1, server.ApiRequests - before);
    }
}
