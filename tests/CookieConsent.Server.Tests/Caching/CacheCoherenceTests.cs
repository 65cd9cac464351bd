using CookieConsent.Core.Caching;
using CookieConsent.Server.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Tests.Caching;

/// <summary>The stamps that keep a read which raced with a change, or with a lost channel, out of the caches.</summary>
[TestClass]
public sealed class CacheCoherenceTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void BeforeItsFirstPingIsHeard_NothingIsTrusted()
    {
        var coherence = NewCoherence();

        Assert.IsFalse(coherence.TryBegin("shop", "visitor-a", out var stamp));
        Assert.IsFalse(coherence.IsCurrent(stamp));
    }

    [TestMethod]
    public void ReadThatStartedBeforeTheVisitorChanged_IsNotCurrent()
    {
        var coherence = Trusted();
        Assert.IsTrue(coherence.TryBegin("shop", "visitor-a", out var stamp));

        coherence.Invalidate(new CacheChange("shop", "visitor-a"));

        Assert.IsFalse(coherence.IsCurrent(stamp));
        Assert.IsTrue(coherence.TryBegin("shop", "visitor-a", out var after));
        Assert.IsTrue(coherence.IsCurrent(after));
    }

    [TestMethod]
    public void SiteWideChange_RetiresEveryEntry()
    {
        var coherence = Trusted();
        coherence.TryBegin("shop", "visitor-a", out var visitorStamp);
        coherence.TryBeginSiteWide(out var keyStamp);

        coherence.Invalidate(new CacheChange("other", null));

        Assert.IsFalse(coherence.IsCurrent(visitorStamp));
        Assert.IsFalse(coherence.IsCurrent(keyStamp));
    }

    [TestMethod]
    public void LostChannel_RetiresEveryEntry_AndAPingSentBeforeTheLossDoesNotTrustAgain()
    {
        var coherence = Trusted();
        var pingEpoch = coherence.Epoch;
        coherence.TryBegin("shop", "visitor-a", out var stamp);
        var dropped = 0;
        coherence.Dropped += () => dropped++;

        coherence.Lose("test");
        coherence.Confirm(pingEpoch);

        Assert.AreEqual(1, dropped);
        Assert.IsFalse(coherence.Trusted);
        Assert.IsFalse(coherence.IsCurrent(stamp));
        coherence.Confirm(coherence.Epoch);
        Assert.IsTrue(coherence.Trusted);
        Assert.IsFalse(coherence.IsCurrent(stamp), "an entry from before the loss stays retired after trust returns");
    }

    [TestMethod]
    public void TrustLapses_WhenNoPingIsHeardForThreeCheckIntervals_AndEntriesFromBeforeStayRetired()
    {
        var coherence = new CacheCoherence(s_connected.Value,
            Options.Create(new ReadCacheOptions { SubscriptionCheckInterval = TimeSpan.FromMilliseconds(50) }), NullLogger<CacheCoherence>.Instance);
        coherence.Confirm(coherence.Epoch);
        Assert.IsTrue(coherence.TryBegin("shop", "visitor-a", out var stamp));

        Thread.Sleep(300);

        Assert.IsFalse(coherence.Trusted);
        Assert.IsFalse(coherence.IsCurrent(stamp));
        // The first ping after the lapse counts it as a loss; the next one trusts again, with a new epoch.
        coherence.Confirm(coherence.Epoch);
        Assert.IsFalse(coherence.Trusted);
        coherence.Confirm(coherence.Epoch);
        Assert.IsTrue(coherence.Trusted);
        Assert.IsFalse(coherence.IsCurrent(stamp), "messages may have been missed while the lease had lapsed");
    }

    [TestMethod]
    public async Task RedisGone_NothingIsTrusted_AsSoonAsTheClientSeesTheClosedSocket_WithoutWaitingForAnyEvent()
    {
        // Its own Redis, to kill; a lease of an hour, so only the connection state can end the trust.
        using var redis = RedisServer.Start();
        using var connection = redis.Connect();
        var coherence = new CacheCoherence(connection,
            Options.Create(new ReadCacheOptions { SubscriptionCheckInterval = TimeSpan.FromMinutes(20) }), NullLogger<CacheCoherence>.Instance);
        coherence.Confirm(coherence.Epoch);
        Assert.IsTrue(coherence.TryBegin("shop", "visitor-a", out var stamp));

        redis.Kill();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (connection.IsConnected && DateTime.UtcNow < until)
        {
            await Task.Delay(5, TestContext.CancellationToken);
        }

        Assert.IsFalse(connection.IsConnected, "the client saw the closed socket");
        Assert.IsFalse(coherence.Trusted);
        Assert.IsFalse(coherence.IsCurrent(stamp), "an entry read before the loss is not served after it");
        Assert.IsFalse(coherence.TryBegin("shop", "visitor-a", out _));
    }

    [TestMethod]
    public void InvalidationMessages_RoundTrip_AndPingsAreNotChanges()
    {
        Assert.IsTrue(CacheInvalidation.TryParse(CacheInvalidation.Format(new CacheChange("shop", "AAAA")), out var visitor));
        Assert.AreEqual(new CacheChange("shop", "AAAA"), visitor);
        Assert.IsTrue(CacheInvalidation.TryParse(CacheInvalidation.Format(new CacheChange("shop", null)), out var site));
        Assert.AreEqual(new CacheChange("shop", null), site);
        Assert.IsFalse(CacheInvalidation.TryParse("!0123:7", out _));
        Assert.IsFalse(CacheInvalidation.TryParse("shop/", out _));
    }

    private static CacheCoherence Trusted()
    {
        var coherence = NewCoherence();
        coherence.Confirm(coherence.Epoch);
        return coherence;
    }

    // A connected multiplexer: trust also needs the client to be connected; the coherence registers itself on it too.
    private static readonly Lazy<StackExchange.Redis.ConnectionMultiplexer> s_connected = new(() => TestAssembly.Redis.Connect());

    private static CacheCoherence NewCoherence() =>
        new(s_connected.Value, Options.Create(new ReadCacheOptions()), NullLogger<CacheCoherence>.Instance);

    [ClassCleanup]
    public static void DisposeConnection()
    {
        if (s_connected.IsValueCreated)
        {
            s_connected.Value.Dispose();
        }
    }
}
