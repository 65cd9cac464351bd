using CookieConsent.Client.Contracts;
using CookieConsent.Core.Caching;
using CookieConsent.Server.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Tests.Caching;

/// <summary>When a serialised consent answer may be served: same visitor data, same site revision, before its end.</summary>
[TestClass]
public sealed class ConsentAnswerCacheTests
{
    private const string Revision = "0123456789abcdef0123456789abcdef";
    private static readonly byte[] Body = "{\"site\":\"shop\"}"u8.ToArray();

    [TestMethod]
    public void AnswerKeptBeforeTheVisitorChanged_IsNeverServedAfter()
    {
        var (cache, coherence, clock) = NewCache();
        Keep(cache, coherence, clock, "visitor-a", TimeSpan.FromMinutes(1));
        Assert.IsNotNull(cache.Find("shop", "visitor-a", ConsentSignals.None, Revision));

        coherence.Invalidate(new CacheChange("shop", "visitor-a"));

        Assert.IsNull(cache.Find("shop", "visitor-a", ConsentSignals.None, Revision));
    }

    [TestMethod]
    public void AnswerReadWhileTheVisitorChanged_IsNotKept()
    {
        var (cache, coherence, clock) = NewCache();
        Assert.IsTrue(cache.TryBegin("shop", "visitor-a", out var stamp));

        coherence.Invalidate(new CacheChange("shop", "visitor-a"));
        cache.Keep("shop", "visitor-a", ConsentSignals.None, new CachedAnswer(Body, Revision, stamp, clock.GetUtcNow().AddMinutes(1)));

        Assert.IsNull(cache.Find("shop", "visitor-a", ConsentSignals.None, Revision));
    }

    [TestMethod]
    public void Answer_IsServedUntilItsEnd_AndNotFromThen()
    {
        var (cache, coherence, clock) = NewCache();
        Keep(cache, coherence, clock, "visitor-a", TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.IsNotNull(cache.Find("shop", "visitor-a", ConsentSignals.None, Revision));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsNull(cache.Find("shop", "visitor-a", ConsentSignals.None, Revision));
    }

    [TestMethod]
    public void AnswerDecidedUnderAnotherRevision_OrOtherSignals_IsNotServed()
    {
        var (cache, coherence, clock) = NewCache();
        Keep(cache, coherence, clock, "visitor-a", TimeSpan.FromMinutes(1));

        Assert.IsNull(cache.Find("shop", "visitor-a", ConsentSignals.None, "fedcba9876543210fedcba9876543210"));
        Assert.IsNull(cache.Find("shop", "visitor-a", new ConsentSignals(DoNotTrack: true, GlobalPrivacyControl: false), Revision));
        Assert.IsNull(cache.Find("other", "visitor-a", ConsentSignals.None, Revision));
    }

    [TestMethod]
    public void ChannelLost_EveryAnswerIsDropped()
    {
        var (cache, coherence, clock) = NewCache();
        Keep(cache, coherence, clock, "visitor-a", TimeSpan.FromMinutes(1));

        coherence.Lose("test");
        coherence.Confirm(coherence.Epoch);

        Assert.AreEqual(0, cache.Count);
        Assert.IsNull(cache.Find("shop", "visitor-a", ConsentSignals.None, Revision));
    }

    private static void Keep(ConsentAnswerCache cache, CacheCoherence coherence, FakeTimeProvider clock, string visitor, TimeSpan valid)
    {
        Assert.IsTrue(cache.TryBegin("shop", visitor, out var stamp));
        cache.Keep("shop", visitor, ConsentSignals.None, new CachedAnswer(Body, Revision, stamp, clock.GetUtcNow() + valid));
        Assert.IsTrue(coherence.IsCurrent(stamp));
    }

    private static (ConsentAnswerCache Cache, CacheCoherence Coherence, FakeTimeProvider Clock) NewCache()
    {
        var options = Options.Create(new ReadCacheOptions());
        var coherence = new CacheCoherence(s_connected.Value, options, NullLogger<CacheCoherence>.Instance);
        coherence.Confirm(coherence.Epoch);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return (new ConsentAnswerCache(coherence, clock, options), coherence, clock);
    }

    // A connected multiplexer: trust also needs the client to be connected.
    private static readonly Lazy<StackExchange.Redis.ConnectionMultiplexer> s_connected = new(() => TestAssembly.Redis.Connect());

    [ClassCleanup]
    public static void DisposeConnection()
    {
        if (s_connected.IsValueCreated)
        {
            s_connected.Value.Dispose();
        }
    }
}
