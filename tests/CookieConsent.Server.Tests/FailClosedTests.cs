using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests;

/// <summary>
/// With Redis frozen (SIGSTOP) or stopped, reads answer "denied" for every optional category within a bounded time,
/// writes answer 503, and readiness says so. Uses its own redis-server: the others must not freeze.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class FailClosedTests
{
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(1);
    // A handful of Redis calls, each bounded by RedisTimeout, plus generous scheduling slack on a busy machine.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static RedisServer s_redis = null!;
    private static FakeTimeProvider s_clock = null!;
    private static ConsentServerFactory s_factory = null!;

    public TestContext TestContext { get; set; } = null!;

    private static TestApi ApiFor(TestContext context) => new(s_factory.CreateClient(), context);

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_redis = RedisServer.Start();
        s_clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        s_factory = new ConsentServerFactory(s_redis.ConnectionString, RedisTimeout, s_clock);
        await ApiFor(context).WarmUpAsync();
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_factory.DisposeAsync();
        s_redis.Dispose();
    }

    public static IEnumerable<object[]> Outages => [["frozen"], ["stopped"]];

    [TestMethod]
    [DynamicData(nameof(Outages))]
    public async Task GetConsent_DeniesEveryOptionalCategoryWithReasonUnavailable_WithinBound(string outage)
    {
        var api = ApiFor(TestContext);
        var (site, key, visitor) = await ConsentedVisitorAsync(api);

        await DuringOutageAsync(outage, api, async () =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await api.GetConsentResponseAsync(site, key, visitor);
            clock.Stop();

            await TestApi.Expect(response, HttpStatusCode.OK);
            var decisions = (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ConsentDecisions, TestContext.CancellationToken))!;
            CollectionAssert.AreEqual(
                new[]
                {
                    new CategoryDecision("necessary", true, DecisionReason.Required),
                    new CategoryDecision("analytics", false, DecisionReason.Unavailable),
                    new CategoryDecision("marketing", false, DecisionReason.Unavailable),
                },
                decisions.Categories.ToArray());
            Assert.IsLessThan(Bound, clock.Elapsed, $"answered after {clock.Elapsed}");
        });

        // Once Redis is back, the stored choice counts again.
        Assert.IsTrue((await api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"));
    }

    [TestMethod]
    [DynamicData(nameof(Outages))]
    public async Task RecordConsent_Answers503Problem_WithinBound(string outage)
    {
        var api = ApiFor(TestContext);
        var (site, key, visitor) = await ConsentedVisitorAsync(api);

        await DuringOutageAsync(outage, api, async () =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await api.PutConsentAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
            clock.Stop();

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.IsLessThan(Bound, clock.Elapsed, $"answered after {clock.Elapsed}");
        });
    }

    [TestMethod]
    [DynamicData(nameof(Outages))]
    public async Task ReceiptsErasureAndStats_Answer503Problem_WithinBound(string outage)
    {
        var api = ApiFor(TestContext);
        var (site, key, visitor) = await ConsentedVisitorAsync(api);

        await DuringOutageAsync(outage, api, async () =>
        {
            foreach (var (method, path) in new[]
            {
                (HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/receipts"),
                (HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}"),
                (HttpMethod.Get, $"/v1/sites/{site}/stats"),
            })
            {
                var clock = Stopwatch.StartNew();
                using var response = await api.SendAsync(method, path, key);
                clock.Stop();
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
                Assert.IsLessThan(Bound, clock.Elapsed, $"{method} {path} answered after {clock.Elapsed}");
            }
        });
    }

    [TestMethod]
    public async Task RecordConsent_WhileRedisIsStopped_StoresNothing()
    {
        var api = ApiFor(TestContext);
        var (site, key, visitor) = await ConsentedVisitorAsync(api);
        var stranger = TestApi.NewVisitor();

        await DuringOutageAsync("stopped", api, async () =>
        {
            using var response = await api.PutConsentAsync(site, key, stranger, TestSites.Choices(("analytics", true), ("marketing", true)));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        });

        using var connection = await s_redis.ConnectAsync();
        Assert.IsFalse(await connection.GetDatabase().KeyExistsAsync(Keys.Visitor(site, stranger)));
        Assert.IsFalse((await api.GetConsentAsync(site, key, stranger)).IsAllowed("analytics"));
    }

    [TestMethod]
    [DynamicData(nameof(Outages))]
    public async Task Health_ReadyIs503_LiveIs200(string outage)
    {
        var api = ApiFor(TestContext);
        using (var ready = await api.Http.GetAsync("/health/ready", TestContext.CancellationToken))
        {
            Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode, "ready before the outage");
        }

        await DuringOutageAsync(outage, api, async () =>
        {
            var clock = Stopwatch.StartNew();
            using var ready = await api.Http.GetAsync("/health/ready", TestContext.CancellationToken);
            clock.Stop();
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.IsLessThan(Bound, clock.Elapsed, $"answered after {clock.Elapsed}");
            using var live = await api.Http.GetAsync("/health/live", TestContext.CancellationToken);
            Assert.AreEqual(HttpStatusCode.OK, live.StatusCode);
        });
    }

    [TestMethod]
    [DynamicData(nameof(Outages))]
    public async Task VerifyToken_WhileTheErasureCheckCannotBeMade_KeepsTheCookiesRefusalsAndDeniesItsGrants(string outage)
    {
        var api = ApiFor(TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var token = (await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", false)))).Cookie.Value;

        await DuringOutageAsync(outage, api, async () =>
        {
            var decisions = await api.VerifyAsync(site, key, token);
            Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.Unavailable), decisions.Categories[1]);
            Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);
        });
    }

    private static async Task<(string Site, string Key, string Visitor)> ConsentedVisitorAsync(TestApi api)
    {
        // The site and key are used once before the outage: the server knows the site's categories from then on.
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        return (site, key, visitor);
    }

    private async Task DuringOutageAsync(string outage, TestApi api, Func<Task> during)
    {
        if (outage == "frozen")
        {
            s_redis.Freeze();
        }
        else
        {
            s_redis.Shutdown();
        }
        try
        {
            // Well past every in-process cache (site definitions, recently seen keys): nothing is answered from memory
            // unless the server deliberately falls back to it.
            s_clock.Advance(TimeSpan.FromMinutes(1));
            await during();
        }
        finally
        {
            if (outage == "frozen")
            {
                s_redis.Resume();
            }
            else
            {
                s_redis.Launch();
            }
            await Readiness.WaitUntilReadyAsync(api.Http, TimeSpan.FromSeconds(20), TestContext.CancellationToken);
        }
    }
}
