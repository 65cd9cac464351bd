using System.Diagnostics;
using System.Globalization;
using System.Net;
using CookieConsent.Server.Caching;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Server.Tests.Caching;

/// <summary>
/// Two server instances on one real Redis, each with its read caches: a change made through one is seen by the other
/// within 100 ms, and an instance that loses the invalidation channel (or Redis) never answers from its cache again
/// until the channel works. Each test first shows that the reading instance really answers from its cache.
/// </summary>
[TestClass]
public sealed class ReadCacheCoherenceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(100);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Withdrawal_OnOneInstance_IsSeenByTheOtherWithin100Milliseconds()
    {
        await WithTwoInstancesAsync(async (redis, a, b) =>
        {
            var (site, key) = await a.CreateSiteWithKeyAsync();
            var visitor = TestApi.NewVisitor();
            await a.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
            await AssertAnsweredFromCacheAsync(redis, async () => Assert.IsTrue((await b.GetConsentAsync(site, key, visitor)).IsAllowed("analytics")));

            await a.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
            return await TimeUntilAsync(async () => !(await b.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"));
        });
    }

    [TestMethod]
    public async Task KeyRevokedOnOneInstance_IsRefusedByTheOtherWithin100Milliseconds()
    {
        await WithTwoInstancesAsync(async (redis, a, b) =>
        {
            var site = await a.CreateSiteAsync();
            var created = await a.CreateKeyAsync(site);
            var visitor = TestApi.NewVisitor();
            await AssertAnsweredFromCacheAsync(redis, async () => await b.GetConsentAsync(site, created.Key, visitor));

            await a.RevokeKeyAsync(site, created.KeyId);
            return await TimeUntilAsync(async () =>
            {
                using var response = await b.GetConsentResponseAsync(site, created.Key, visitor);
                return response.StatusCode == HttpStatusCode.Unauthorized;
            });
        });
    }

    [TestMethod]
    public async Task ErasureOnOneInstance_IsHonouredByTokenVerificationOnTheOtherWithin100Milliseconds()
    {
        await WithTwoInstancesAsync(async (redis, a, b) =>
        {
            var (site, key) = await a.CreateSiteWithKeyAsync();
            var visitor = TestApi.NewVisitor();
            var issued = await a.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
            await AssertAnsweredFromCacheAsync(redis, async () => Assert.IsTrue((await b.VerifyAsync(site, key, issued.Cookie.Value)).IsAllowed("analytics")));

            await a.EraseAsync(site, key, visitor);
            return await TimeUntilAsync(async () => !(await b.VerifyAsync(site, key, issued.Cookie.Value)).IsAllowed("analytics"));
        });
    }

    [TestMethod]
    public async Task SubscriptionLost_CacheIsBypassed_AndAWithdrawalItDidNotHearIsStillAnsweredDenied()
    {
        using var redis = RedisServer.Start();
        await using var first = new ConsentServerFactory(redis.ConnectionString);
        await using var second = new ConsentServerFactory(redis.ConnectionString);
        var (a, secondApi) = await StartAsync(first, second);
        var b = secondApi!;
        var (site, key) = await a.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await a.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
        await AssertAnsweredFromCacheAsync(redis, async () => Assert.IsTrue((await b.GetConsentAsync(site, key, visitor)).IsAllowed("analytics")));

        // No client may use any channel, and every subscription is cut: the withdrawal below is never published to B.
        Assert.AreEqual("OK", redis.RunCli("ACL", "SETUSER", "default", "resetchannels"));
        redis.RunCli("CLIENT", "KILL", "TYPE", "pubsub");
        await a.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));

        Assert.IsFalse((await b.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"), "B answered a withdrawn grant from its cache");
        Assert.IsFalse(Coherence(second).Trusted);

        // The channel back: B trusts its cache again only once it hears itself, and then answers from it again.
        Assert.AreEqual("OK", redis.RunCli("ACL", "SETUSER", "default", "allchannels"));
        await WaitTrustedAsync(second);
        await AssertAnsweredFromCacheAsync(redis, async () => Assert.IsFalse((await b.GetConsentAsync(site, key, visitor)).IsAllowed("analytics")));
    }

    [TestMethod]
    public async Task RedisDown_CachedGrantIsNotServed_EveryOptionalCategoryIsDenied()
    {
        using var redis = RedisServer.Start();
        await using var server = new ConsentServerFactory(redis.ConnectionString, redisTimeout: TimeSpan.FromMilliseconds(500));
        var (api, _) = await StartAsync(server, null);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var issued = await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        await AssertAnsweredFromCacheAsync(redis, async () =>
        {
            Assert.IsTrue((await api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"));
            Assert.IsTrue((await api.VerifyAsync(site, key, issued.Cookie.Value)).IsAllowed("analytics"));
        });

        redis.Kill();

        // The client reports the lost connections within moments; from then on nothing comes from the caches.
        var deadline = Stopwatch.StartNew();
        while (Coherence(server).Trusted && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, TestContext.CancellationToken);
        }
        Assert.IsFalse(Coherence(server).Trusted, "the cache was still trusted 10 s after Redis was killed");
        for (var i = 0; i < 5; i++)
        {
            var read = await api.GetConsentAsync(site, key, visitor);
            Assert.IsFalse(read.IsAllowed("analytics"));
            Assert.IsFalse(read.IsAllowed("marketing"));
            Assert.IsTrue(read.IsAllowed("necessary"));
            var verified = await api.VerifyResponseAsync(site, key, issued.Cookie.Value);
            if (verified.StatusCode == HttpStatusCode.OK)
            {
                Assert.IsFalse((await ReadDecisionsAsync(verified)).IsAllowed("analytics"), "a verified cookie's grant was served from the cache");
            }
            else
            {
                Assert.AreEqual(HttpStatusCode.ServiceUnavailable, verified.StatusCode);
            }
        }
    }

    [TestMethod]
    public async Task RedisFrozen_UnansweredPingDropsTheCache_ReadsFailClosed()
    {
        using var redis = RedisServer.Start();
        await using var factory = new ConsentServerFactory(redis.ConnectionString, redisTimeout: TimeSpan.FromMilliseconds(300));
        await using var server = factory.WithWebHostBuilder(builder =>
            builder.UseSetting("CookieConsent:ReadCache:SubscriptionCheckInterval", "00:00:00.200"));
        var api = new TestApi(server.CreateClient(), TestContext);
        await api.WarmUpAsync();
        await WaitTrustedAsync(server);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        await AssertAnsweredFromCacheAsync(redis, async () => Assert.IsTrue((await api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics")));

        // Connections stay open and nothing answers: no client event, only the unanswered ping can tell.
        redis.Freeze();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (Coherence(server).Trusted && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20, TestContext.CancellationToken);
            }
            Assert.IsFalse(Coherence(server).Trusted, "the cache was still trusted 10 s after Redis froze");
            Assert.IsFalse((await api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"));
        }
        finally
        {
            redis.Resume();
        }
    }

    // The scenario returns how long the change took to show on the other instance; a miss of the bound is retried once
    // on fresh instances (two cores are shared with other test assemblies), a second miss fails.
    private async Task WithTwoInstancesAsync(Func<RedisServer, TestApi, TestApi, Task<TimeSpan>> scenario)
    {
        var seen = new List<TimeSpan>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var redis = RedisServer.Start();
            await using var first = new ConsentServerFactory(redis.ConnectionString);
            await using var second = new ConsentServerFactory(redis.ConnectionString);
            var (a, b) = await StartAsync(first, second);
            var took = await scenario(redis, a, b!);
            seen.Add(took);
            if (took <= Bound)
            {
                return;
            }
        }
        Assert.Fail($"The change took {string.Join(" and ", seen.Select(t => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"))} to show on the other instance (bound {Bound.TotalMilliseconds} ms).");
    }

    private async Task<(TestApi A, TestApi? B)> StartAsync(ConsentServerFactory first, ConsentServerFactory? second)
    {
        var a = new TestApi(first.CreateClient(), TestContext);
        await a.WarmUpAsync();
        await WaitTrustedAsync(first);
        if (second is null)
        {
            return (a, null);
        }
        var b = new TestApi(second.CreateClient(), TestContext);
        await b.WarmUpAsync();
        await WaitTrustedAsync(second);
        return (a, b);
    }

    // Polls from the moment the change was acknowledged until the other instance shows it (or 5 s have passed).
    private async Task<TimeSpan> TimeUntilAsync(Func<Task<bool>> changed)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (await changed())
            {
                return clock.Elapsed;
            }
        }
        Assert.Fail("The other instance still answered as before 5 s after the change.");
        return clock.Elapsed;
    }

    // Repeated answers that cost Redis (almost) nothing: without the cache each one is at least one command.
    private static async Task AssertAnsweredFromCacheAsync(RedisServer redis, Func<Task> read)
    {
        const int reads = 30;
        await read();
        var before = CommandsProcessed(redis);
        for (var i = 0; i < reads; i++)
        {
            await read();
        }
        var commands = CommandsProcessed(redis) - before;
        // Pings, last-use notes and the INFO itself account for a few.
        Assert.IsLessThan(reads / 2, commands, $"{reads} repeated reads cost Redis {commands} commands: they were not answered from the cache");
    }

    private static long CommandsProcessed(RedisServer redis)
    {
        var line = redis.RunCli("INFO", "stats").Split('\n').Single(l => l.StartsWith("total_commands_processed:", StringComparison.Ordinal));
        return long.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
    }

    private static CacheCoherence Coherence(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> server) =>
        server.Services.GetRequiredService<CacheCoherence>();

    private async Task WaitTrustedAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> server)
    {
        var clock = Stopwatch.StartNew();
        while (!Coherence(server).Trusted)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Fail("The read caches never became trusted: the instance did not hear its own ping.");
            }
            await Task.Delay(20, TestContext.CancellationToken);
        }
    }

    private async Task<CookieConsent.Client.Contracts.ConsentDecisions> ReadDecisionsAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(
                response.Content, CookieConsent.Client.Contracts.ConsentJsonContext.Default.ConsentDecisions, TestContext.CancellationToken))!;
        }
    }
}
