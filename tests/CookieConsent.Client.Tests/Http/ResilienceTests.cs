using System.Diagnostics;
using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Client.Tests.Http;

/// <summary>The standard resilience pipeline as <c>AddCookieConsentClient</c> sets it up: retries, circuit breaker, no nesting.</summary>
[TestClass]
public sealed class ResilienceTests
{
    private const string Visitor = "AAAAAAAAAAAAAAAAAAAAAA";

    private const string Allowed = """
        {"site":"shop","visitor":"AAAAAAAAAAAAAAAAAAAAAA","policyVersion":1,"expiresAt":null,
         "signals":{"doNotTrack":false,"globalPrivacyControl":false},
         "categories":[{"category":"analytics","allowed":true,"reason":"visitor-choice"}]}
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task RegisteredTwice_A503IsRetriedOnlyTheConfiguredNumberOfTimes()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));
        var services = new ServiceCollection().AddLogging();
        for (var i = 0; i < 2; i++)
        {
            services.AddCookieConsentClient(options =>
            {
                options.ServerUrl = "http://consent.test/";
                options.SiteId = "shop";
                options.ApiKey = ClientFactory.SiteKey;
                options.Retries = 2;
            }).ConfigurePrimaryHttpMessageHandler(() => handler);
        }
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => provider.GetRequiredService<ICookieConsentApi>()
            .GetConsentAsync("shop", Visitor, ConsentSignals.None, TestContext.CancellationToken));

        Assert.AreEqual(503, error.Status);
        Assert.AreEqual(3, handler.Calls, "one attempt and two retries, not three times three");
    }

    [TestMethod]
    public async Task OpenCircuit_ChecksFailClosedWithoutReachingTheServer_UntilItIsBack()
    {
        var hang = true;
        var handler = new StubHandler(async (_, _, ct) =>
        {
            if (Volatile.Read(ref hang))
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            return StubHandler.Json(HttpStatusCode.OK, Allowed);
        });
        var logs = new List<string>();
        using var services = ClientFactory.Build(handler, o =>
        {
            (o.Timeout, o.AttemptTimeout, o.Retries) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), 0);
            (o.CircuitBreakerMinimumThroughput, o.CircuitBreakerFailureRatio, o.CircuitBreakDuration) = (2, 0.5, TimeSpan.FromMilliseconds(500));
        }, logs);
        var checker = services.Checker();
        var ct = TestContext.CancellationToken;

        // Two checks wait for their timeout: the server hangs.
        Assert.IsFalse(await checker.CanTrackAsync(Visitor, "analytics", ConsentSignals.None, ct));
        Assert.IsFalse(await checker.CanTrackAsync(Visitor, "analytics", ConsentSignals.None, ct));
        Assert.AreEqual(2, handler.Calls);

        // Now the circuit is open: every check is "no" at once, and none reaches the hanging server.
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            Assert.IsFalse(await checker.CanTrackAsync(Visitor, "analytics", ConsentSignals.None, ct));
        }
        TestContext.WriteLine($"50 checks with the circuit open: {watch.Elapsed.TotalMilliseconds:0.###} ms");
        Assert.AreEqual(2, handler.Calls, "no check reached the server while the circuit was open");
        lock (logs)
        {
            Assert.AreEqual(50, logs.Count(l => l.StartsWith("ConsentCheckCircuitOpen", StringComparison.Ordinal)), string.Join("\n", logs));
        }

        // The server is back: after the break one call goes through, succeeds and closes the circuit.
        Volatile.Write(ref hang, false);
        var allowed = false;
        for (var i = 0; i < 100 && !allowed; i++)
        {
            await Task.Delay(100, ct);
            allowed = await checker.CanTrackAsync(Visitor, "analytics", ConsentSignals.None, ct);
        }
        Assert.IsTrue(allowed, "checks reach the server again once it answers");
        Assert.IsTrue(await checker.CanTrackAsync(Visitor, "analytics", ConsentSignals.None, ct));
    }

    [TestMethod]
    public async Task ClientErrors_NeverOpenTheCircuit()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(StubHandler.Json(HttpStatusCode.Forbidden, """{"title":"Forbidden"}""")));
        using var services = ClientFactory.Build(handler, o => o.CircuitBreakerMinimumThroughput = 2);

        for (var i = 0; i < 10; i++)
        {
            var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(
                () => services.Api().GetStatsAsync("shop", TestContext.CancellationToken));
            Assert.AreEqual(403, error.Status);
        }
        Assert.AreEqual(10, handler.Calls, "a refused key is the caller's problem, not the server's health");
    }
}
