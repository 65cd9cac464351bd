using BenchmarkDotNet.Attributes;
using CookieConsent.AspNetCore;
using CookieConsent.AspNetCore.Features;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using CookieConsent.Client.Decisions;
using CookieConsent.Protection;
using CookieConsent.Testing;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CookieConsent.Benchmarks;

/// <summary>
/// The per-request cost of <c>UseCookieConsent()</c> for a GET of an HTML page that carries a valid consent cookie and
/// sets one analytics cookie, against the same pipeline without the middleware. The request runs through the real
/// middleware pipeline (<c>ApplicationBuilder</c>) on a fresh <see cref="DefaultHttpContext"/>; the harness fires the
/// response's OnStarting callbacks as a server would. API verification talks to <see cref="StubConsentServer"/>;
/// local verification reads the key ring from a real redis-server (once; DataProtection caches it).
/// </summary>
[MemoryDiagnoser]
public class MiddlewareBenchmarks
{
    private RedisServer? _redis;
    private readonly List<ServiceProvider> _providers = [];
    private ConnectionMultiplexer? _mintingRedis;
    private string _cookieHeader = null!;
    private RequestDelegate _withoutMiddleware = null!;
    private RequestDelegate _apiFirstSight = null!;
    private RequestDelegate _apiLater = null!;
    private RequestDelegate _localFirstSight = null!;
    private RequestDelegate _localLater = null!;
    private StubConsentServer _firstSightServer = null!;
    private StubConsentServer _laterServer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        var state = BenchSite.State(now);
        var payload = ConsentTokenPayload.From(BenchSite.Id, BenchSite.Visitor, BenchSite.Definition, state);

        // Mint the cookie as the consent server does: DataProtection over the key ring in Redis.
        _redis = RedisServer.Start(appendFsync: "everysec");
        _mintingRedis = _redis.Connect();
        var minting = new ServiceCollection();
        minting.AddSingleton<IConnectionMultiplexer>(_mintingRedis);
        minting.AddDataProtection().PersistKeysToConsentKeyRing();
        var mintingProvider = minting.BuildServiceProvider();
        _providers.Add(mintingProvider);
        var token = new ConsentTokenProtector(mintingProvider.GetRequiredService<IDataProtectionProvider>(), TimeProvider.System)
            .Protect(payload);
        _cookieHeader = $"{BenchSite.Definition.CookieName}={token}; _ga=GA1.1.1234567890.1700000000; lang=en";

        var policy = new PolicyResponse(BenchSite.Id, ConsentDecider.CurrentPolicyVersion(BenchSite.Definition, now), BenchSite.Definition);
        // What the server's tokens/verify answers: decided without signals (the middleware applies the request's own).
        var decisions = new ConsentDecisions(BenchSite.Id, BenchSite.Visitor, state.PolicyVersion, state.ExpiresAt,
            ConsentSignals.None, ConsentDecider.DecideAll(BenchSite.Definition, state, ConsentSignals.None, now));

        _withoutMiddleware = Build(configure: null, server: null);
        _firstSightServer = new StubConsentServer(policy, decisions);
        // A zero cache duration makes every request the first sight of its cookie: each one is verified by the API.
        _apiFirstSight = Build(o => o.VerificationCacheDuration = TimeSpan.Zero, _firstSightServer);
        _laterServer = new StubConsentServer(policy, decisions);
        _apiLater = Build(configure: null, _laterServer);
        // Local verification: with a zero cache duration every request unprotects its cookie (and reads the erasure
        // marker); with the default, only the first request for a cookie does.
        _localFirstSight = Build(o => o.VerificationCacheDuration = TimeSpan.Zero, new StubConsentServer(policy, decisions),
            localKeyRing: _redis.ConnectionString);
        _localLater = Build(configure: null, new StubConsentServer(policy, decisions), localKeyRing: _redis.ConnectionString);

        // Each pipeline must take the path it is named after; a fail-closed answer would be measuring something else.
        Check(_withoutMiddleware, expectFeature: false);
        Check(_apiFirstSight, expectFeature: true);
        var calls = _firstSightServer.VerifyCalls;
        Check(_apiFirstSight, expectFeature: true);
        if (_firstSightServer.VerifyCalls != calls + 1)
        {
            throw new InvalidOperationException("First sight did not call tokens/verify.");
        }
        Check(_apiLater, expectFeature: true);
        calls = _laterServer.VerifyCalls;
        Check(_apiLater, expectFeature: true);
        if (_laterServer.VerifyCalls != calls)
        {
            throw new InvalidOperationException("A later request called tokens/verify again instead of using the cache.");
        }
        Check(_localFirstSight, expectFeature: true);
        Check(_localLater, expectFeature: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
        _mintingRedis?.Dispose();
        _redis?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "without UseCookieConsent()")]
    public Task<HttpContext> WithoutMiddleware() => Run(_withoutMiddleware);

    [Benchmark(Description = "first sight, API-verified (cache miss)")]
    public Task<HttpContext> ApiFirstSight() => Run(_apiFirstSight);

    [Benchmark(Description = "later request, API-verified (cached)")]
    public Task<HttpContext> ApiLater() => Run(_apiLater);

    [Benchmark(Description = "first sight, locally verified (key ring)")]
    public Task<HttpContext> LocalFirstSight() => Run(_localFirstSight);

    [Benchmark(Description = "later request, locally verified (cached)")]
    public Task<HttpContext> LocalLater() => Run(_localLater);

    private RequestDelegate Build(Action<CookieConsentOptions>? configure, StubConsentServer? server, string? localKeyRing = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (server is not null)
        {
            services.AddCookieConsent(options =>
            {
                options.ServerUrl = "http://consent.invalid/";
                options.SiteId = BenchSite.Id;
                options.ApiKey = "bench-site-key";
                options.Secure = false;
                configure?.Invoke(options);
            });
            // On the SDK's own named client: a default primary handler would be replaced by the client's registration.
            services.AddHttpClient(nameof(ICookieConsentApi)).ConfigurePrimaryHttpMessageHandler(() => server);
            if (localKeyRing is not null)
            {
                services.AddLocalConsentVerification(options => options.KeyRingRedis = localKeyRing);
            }
        }
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var app = new ApplicationBuilder(provider);
        if (server is not null)
        {
            app.UseCookieConsent();
        }
        // The site's page: HTML that sets one analytics cookie.
        app.Run(static context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.Append("Set-Cookie", "_ga=GA1.1.1234567890.1700000000; Path=/; Max-Age=31536000");
            return Task.CompletedTask;
        });
        return app.Build();
    }

    private async Task<HttpContext> Run(RequestDelegate pipeline)
    {
        var response = new StartingResponseFeature();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = "GET",
            Scheme = "https",
            Path = "/products/42",
            Protocol = "HTTP/1.1",
        });
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        var context = new DefaultHttpContext(features);
        var headers = context.Request.Headers;
        headers.Host = "shop.example";
        headers.Accept = "text/html";
        headers.Cookie = _cookieHeader;
        await pipeline(context).ConfigureAwait(false);
        await response.StartAsync().ConfigureAwait(false);
        return context;
    }

    private void Check(RequestDelegate pipeline, bool expectFeature)
    {
        var context = Run(pipeline).GetAwaiter().GetResult();
        var consent = context.Features.Get<IConsentFeature>();
        var cookies = context.Response.Headers.SetCookie.ToString();
        if (!expectFeature)
        {
            if (consent is not null || !cookies.Contains("_ga=", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The baseline pipeline is not the plain page.");
            }
            return;
        }
        if (consent is null || consent.VisitorId != BenchSite.Visitor || !consent.IsAllowed("analytics") || consent.IsAllowed("marketing")
            || !cookies.Contains("_ga=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The middleware did not establish the cookie's consent (visitor {consent?.VisitorId ?? "none"}, " +
                $"analytics {consent?.IsAllowed("analytics")}, Set-Cookie '{cookies}').");
        }
    }

    /// <summary>A response feature that runs its OnStarting callbacks when told to, as a server does before the first byte.</summary>
    private sealed class StartingResponseFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
        private bool _started;

        public override bool HasStarted => _started;

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            // Registered last runs first, as in Kestrel.
            for (var i = _starting.Count - 1; i >= 0; i--)
            {
                await _starting[i].Callback(_starting[i].State).ConfigureAwait(false);
            }
            _started = true;
        }
    }
}
