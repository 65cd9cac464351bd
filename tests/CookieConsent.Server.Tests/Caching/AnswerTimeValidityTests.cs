using System.Diagnostics;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Caching;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Server.Tests.Caching;

/// <summary>
/// A cached answer never outlives the moment the decision rule would change it by the clock alone: a "yes" cached just
/// before the grant expires, or before a scheduled policy version changes its category, is answered "no" from then on,
/// although the entry's own lifetime (one minute) has not run out.
/// </summary>
[TestClass]
public sealed class AnswerTimeValidityTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task GrantCachedJustBeforeItExpires_IsAnsweredDeniedOnceItHas()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new ConsentServerFactory(TestAssembly.Redis.ConnectionString, time: clock);
        var api = await StartAsync(server);
        var (site, key) = await api.CreateSiteWithKeyAsync(TestSites.Default() with { ConsentLifetimeDays = 1 });
        var coherence = server.Services.GetRequiredService<CacheCoherence>();
        string visitor;
        for (var attempt = 1; ; attempt++)
        {
            visitor = TestApi.NewVisitor();
            await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
            clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(30));
            await ReadUntilCachedAsync(server, () => api.GetConsentAsync(site, key, visitor), () => IsCachedAsync(server, site, visitor));
            var epoch = coherence.Epoch;
            clock.Advance(TimeSpan.FromSeconds(20));
            var kept = await IsCachedAsync(server, site, visitor);
            // A loaded machine can make the instance miss a ping in between, which rightly stops the caches (untrusted,
            // or a new epoch once the late ping is heard); that attempt proves nothing about the clock, so it starts
            // over with another visitor.
            if (!kept && attempt < 5 && (coherence.Epoch != epoch || !coherence.Trusted))
            {
                continue;
            }
            Assert.IsTrue(kept, "the answer is still kept 10 s before the grant expires");
            break;
        }
        Assert.IsTrue((await api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"));

        clock.Advance(TimeSpan.FromSeconds(20));

        var after = await api.GetConsentAsync(site, key, visitor);
        Assert.IsFalse(after.IsAllowed("analytics"), "a cached yes was served after the grant expired");
        Assert.IsFalse(after.IsAllowed("marketing"));
    }

    [TestMethod]
    public async Task GrantCachedJustBeforeAScheduledPolicyVersion_IsAnsweredPolicyChangedOnceItTakesEffect()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new ConsentServerFactory(TestAssembly.Redis.ConnectionString, time: clock);
        var api = await StartAsync(server);
        var due = clock.GetUtcNow().AddMinutes(10);
        var definition = TestSites.Default() with
        {
            PolicyVersions = [.. TestSites.Default().PolicyVersions, new PolicyVersion(2, due, ["analytics"])],
        };
        var (site, key) = await api.CreateSiteWithKeyAsync(definition);
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(30));
        await ReadUntilCachedAsync(server, () => api.GetConsentAsync(site, key, visitor), () => IsCachedAsync(server, site, visitor));

        clock.Advance(TimeSpan.FromSeconds(40));

        var after = await api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.PolicyChanged), after.Categories[1]);
        Assert.IsTrue(after.IsAllowed("marketing"), "the version changed analytics only");
    }

    [TestMethod]
    public async Task VerifiedCookieCachedJustBeforeItsGrantsExpire_IsAnsweredDeniedOnceTheyHave()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new ConsentServerFactory(TestAssembly.Redis.ConnectionString, time: clock);
        var api = await StartAsync(server);
        var (site, key) = await api.CreateSiteWithKeyAsync(TestSites.Default() with { ConsentLifetimeDays = 1 });
        var visitor = TestApi.NewVisitor();
        var issued = await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(30));
        var sites = server.Services.GetRequiredService<SiteStore>();
        await ReadUntilCachedAsync(server, () => api.VerifyAsync(site, key, issued.Cookie.Value), async () =>
        {
            var revision = sites.RevisionOf((await sites.GetAsync(site, TestContext.CancellationToken))!);
            return server.Services.GetRequiredService<TokenVerificationCache>().Find(site, issued.Cookie.Value)
                ?.AnswerFor(revision, clock.GetUtcNow(), server.Services.GetRequiredService<CacheCoherence>()) is not null;
        });

        clock.Advance(TimeSpan.FromSeconds(40));

        var after = await api.VerifyAsync(site, key, issued.Cookie.Value);
        Assert.IsFalse(after.IsAllowed("analytics"), "a cached yes was served after the cookie's grants expired");
        Assert.IsTrue(after.IsAllowed("necessary"));
    }

    private async Task<TestApi> StartAsync(ConsentServerFactory server)
    {
        var api = new TestApi(server.CreateClient(), TestContext);
        await api.WarmUpAsync();
        await WaitTrustedAsync(server);
        return api;
    }

    // A "yes" read (and kept) with the fake clock standing still. A loaded machine can make the instance miss its own
    // ping (it then keeps nothing until it hears one), so it reads again once trusted; real time only, at most 15 s.
    private async Task ReadUntilCachedAsync(ConsentServerFactory server, Func<Task<ConsentDecisions>> read, Func<Task<bool>> cached)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.IsTrue((await read()).IsAllowed("analytics"));
            if (await cached())
            {
                return;
            }
            if (waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Fail("The grant's answer was never kept: this test would prove nothing.");
            }
            await WaitTrustedAsync(server);
        }
    }

    private async Task WaitTrustedAsync(ConsentServerFactory server)
    {
        var coherence = server.Services.GetRequiredService<CacheCoherence>();
        var waited = Stopwatch.StartNew();
        while (!coherence.Trusted)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Fail("The read caches never became trusted: the instance did not hear its own ping.");
            }
            await Task.Delay(20, TestContext.CancellationToken);
        }
    }

    private async Task<bool> IsCachedAsync(ConsentServerFactory server, string site, string visitor)
    {
        var sites = server.Services.GetRequiredService<SiteStore>();
        var revision = sites.RevisionOf((await sites.GetAsync(site, TestContext.CancellationToken))!);
        return server.Services.GetRequiredService<ConsentAnswerCache>().Find(site, visitor, ConsentSignals.None, revision) is not null;
    }
}
