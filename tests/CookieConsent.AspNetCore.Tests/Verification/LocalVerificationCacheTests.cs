using System.Collections.Concurrent;
using CookieConsent.AspNetCore.Tests.Infrastructure;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.AspNetCore.Tests.Verification;

/// <summary>
/// Local verification keeps each cookie's answer like API verification does: a cookie seen before is not read with
/// the key ring again, and the cached answer never outlives what it was decided from.
/// </summary>
[TestClass]
public sealed class LocalVerificationCacheTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task CookieSeenBefore_IsNotReadAgain_WithinTheCacheDuration()
    {
        var reader = new CountingReader();
        reader.Add("accepting", Payload(analytics: true, expiresAt: Start.AddDays(180)));
        reader.Add("refusing", Payload(analytics: false, expiresAt: Start.AddDays(180)));
        await using var site = await StartAsync(reader, TimeSpan.FromMinutes(1), Shop());

        for (var i = 0; i < 5; i++)
        {
            Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync("accepting"))["analytics"]);
            Assert.AreEqual("denied:visitor-refusal", TestSite.Lines(await site.PageAsync("refusing"))["analytics"]);
            Assert.AreEqual("denied:unavailable", TestSite.Lines(await site.PageAsync("forged"))["analytics"]);
        }

        Assert.AreEqual(1, reader.Reads("accepting"));
        Assert.AreEqual(1, reader.Reads("refusing"));
        Assert.AreEqual(1, reader.Reads("forged"), "a rejected cookie is remembered as rejected");
        Assert.AreEqual(1, reader.ErasureReads, "both cookies are the same visitor's: one erasure lookup");
    }

    [TestMethod]
    public async Task CachedAnswer_IsReadAgain_OnceTheCacheDurationHasPassed()
    {
        var reader = new CountingReader();
        reader.Add("accepting", Payload(analytics: true, expiresAt: Start.AddDays(180)));
        await using var site = await StartAsync(reader, TimeSpan.FromSeconds(60), Shop());

        await site.PageAsync("accepting");
        site.Time.Advance(TimeSpan.FromSeconds(59));
        await site.PageAsync("accepting");
        Assert.AreEqual(1, reader.Reads("accepting"));

        site.Time.Advance(TimeSpan.FromSeconds(2));
        await site.PageAsync("accepting");
        Assert.AreEqual(2, reader.Reads("accepting"));
    }

    [TestMethod]
    public async Task CachedGrant_EndsWhenTheCookieExpires_NotWhenTheCacheDurationDoes()
    {
        var reader = new CountingReader();
        reader.Add("accepting", Payload(analytics: true, expiresAt: Start.AddSeconds(10)));
        await using var site = await StartAsync(reader, TimeSpan.FromMinutes(10), Shop());

        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync("accepting"))["analytics"]);
        site.Time.Advance(TimeSpan.FromSeconds(11));
        var page = TestSite.Lines(await site.PageAsync("accepting"));

        Assert.AreEqual("denied:expired", page["analytics"]);
        Assert.AreEqual(2, reader.Reads("accepting"));
    }

    [TestMethod]
    public async Task CachedGrant_EndsWhenAScheduledPolicyVersionTakesEffect()
    {
        var reader = new CountingReader();
        reader.Add("accepting", Payload(analytics: true, expiresAt: Start.AddDays(180)));
        var definition = Shop() with
        {
            PolicyVersions =
            [
                new PolicyVersion(1, Start.AddDays(-30), []),
                new PolicyVersion(2, Start.AddSeconds(30), ["analytics"]),
            ],
        };
        await using var site = await StartAsync(reader, TimeSpan.FromMinutes(10), definition);

        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync("accepting"))["analytics"]);
        site.Time.Advance(TimeSpan.FromSeconds(31));
        var page = TestSite.Lines(await site.PageAsync("accepting"));

        Assert.AreEqual("denied:policy-changed", page["analytics"]);
        Assert.AreEqual("True", page["needsChoice"]);
    }

    [TestMethod]
    public async Task CachedGrant_NeverOutlivesTheErasureLookupItWasDecidedWith()
    {
        var reader = new CountingReader();
        reader.Add("accepting", Payload(analytics: true, expiresAt: Start.AddDays(180)));
        reader.Add("accepting-too", Payload(analytics: true, expiresAt: Start.AddDays(180)));
        await using var site = await StartAsync(reader, TimeSpan.FromSeconds(60), Shop());

        // The second cookie of the same visitor is first seen 40 s in: it reuses the erasure lookup made at 0 s, so
        // its answer may be kept only until that lookup's 60 s are over, not for 60 s of its own.
        await site.PageAsync("accepting");
        site.Time.Advance(TimeSpan.FromSeconds(40));
        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync("accepting-too"))["analytics"]);
        reader.Erase(Start.AddSeconds(45));
        site.Time.Advance(TimeSpan.FromSeconds(21));
        var page = TestSite.Lines(await site.PageAsync("accepting-too"));

        Assert.AreEqual("denied:no-consent", page["analytics"], "the erasure is seen once the lookup's duration has passed");
        Assert.AreEqual("denied:visitor-refusal", page["marketing"], "the cookie's refusal stands");
    }

    [TestMethod]
    public async Task ErasureLookupFailure_IsNotCached_TheNextRequestAsksAgain()
    {
        var reader = new CountingReader { ErasureFails = true };
        reader.Add("accepting", Payload(analytics: true, expiresAt: Start.AddDays(180)));
        await using var site = await StartAsync(reader, TimeSpan.FromMinutes(10), Shop());

        Assert.AreEqual("denied:unavailable", TestSite.Lines(await site.PageAsync("accepting"))["analytics"]);
        reader.ErasureFails = false;

        Assert.AreEqual("allowed:visitor-choice", TestSite.Lines(await site.PageAsync("accepting"))["analytics"]);
    }

    [TestMethod]
    public async Task ZeroCacheDuration_ReadsTheCookieOnEveryRequest()
    {
        var reader = new CountingReader();
        reader.Add("accepting", Payload(analytics: true, expiresAt: Start.AddDays(180)));
        await using var site = await StartAsync(reader, TimeSpan.Zero, Shop());

        for (var i = 0; i < 3; i++)
        {
            await site.PageAsync("accepting");
        }

        Assert.AreEqual(3, reader.Reads("accepting"));
    }

    private static SiteDefinition Shop() => TestSites.Shop();

    private static ConsentTokenPayload Payload(bool analytics, DateTimeOffset expiresAt) => new(
        "shop", StubConsentApi.Visitor,
        [new TokenChoice("analytics", analytics, null, false, false), new TokenChoice("marketing", false, null, false, false)],
        PolicyVersion: 1, IssuedAt: Start.AddDays(-1), ExpiresAt: expiresAt, Signals: ConsentSignals.None);

    private async Task<LocalSite> StartAsync(CountingReader reader, TimeSpan cacheDuration, SiteDefinition definition)
    {
        var time = new FakeTimeProvider(Start);
        reader.Time = time;
        var site = await TestSite.StartAsync(new StubConsentApi(definition), o => o.VerificationCacheDuration = cacheDuration,
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<IConsentTokenReader>(reader);
            });
        _ = TestContext;
        return new LocalSite(site, time);
    }

    private sealed class LocalSite(TestSite site, FakeTimeProvider time) : IAsyncDisposable
    {
        public FakeTimeProvider Time { get; } = time;

        public Task<string> PageAsync(string cookie) => site.PageAsync(cookie);

        public ValueTask DisposeAsync() => site.DisposeAsync();
    }

    /// <summary>The key ring's reader, in memory: known cookie values, counted reads, a switchable erasure record.</summary>
    private sealed class CountingReader : IConsentTokenReader
    {
        private readonly ConcurrentDictionary<string, ConsentTokenPayload> _tokens = new();
        private readonly ConcurrentDictionary<string, int> _reads = new();
        private SuppressionRecord? _erasure;
        private int _erasureReads;

        public TimeProvider Time { get; set; } = TimeProvider.System;

        public bool ErasureFails { get; set; }

        public int ErasureReads => Volatile.Read(ref _erasureReads);

        public void Add(string token, ConsentTokenPayload payload) => _tokens[token] = payload;

        public void Erase(DateTimeOffset at) => _erasure = new SuppressionRecord(at,
            new Dictionary<string, CategoryRefusal> { ["marketing"] = new(Start.AddDays(-1), ConsentSource.Banner) });

        public int Reads(string token) => _reads.GetValueOrDefault(token);

        public TokenRejection TryRead(string site, string? token, out ConsentTokenPayload? payload)
        {
            _reads.AddOrUpdate(token ?? "", 1, (_, n) => n + 1);
            if (token is null || !_tokens.TryGetValue(token, out payload) || payload.Site != site)
            {
                payload = null;
                return TokenRejection.Invalid;
            }
            return payload.ExpiresAt <= Time.GetUtcNow() ? TokenRejection.Expired : TokenRejection.None;
        }

        public Task<SuppressionRecord?> ReadErasureAsync(string site, string visitor, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _erasureReads);
            return ErasureFails ? Task.FromException<SuppressionRecord?>(new InvalidOperationException("Redis is down")) : Task.FromResult(_erasure);
        }
    }
}
