using System.Diagnostics;
using System.Text;
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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using StackExchange.Redis;

namespace CookieConsent.Benchmarks;

/// <summary>
/// The per-request cost of <c>UseCookieConsent()</c> for a browser's page load that carries a valid consent cookie,
/// against the same host and pipeline without the middleware. Every case is the same application: the same services
/// (SDK included), routing to a product page that asks for analytics consent, sets one analytics cookie and writes
/// its HTML; the context comes from the host's <see cref="IHttpContextFactory"/> and the response starts on the first
/// body write, as in a server (<see cref="HostedRequest"/>). API verification talks to <see cref="StubConsentServer"/>;
/// local verification reads the key ring from a real redis-server (once; DataProtection caches it).
/// </summary>
[MemoryDiagnoser]
public class MiddlewareBenchmarks
{
    private RedisServer? _redis;
    private readonly List<ServiceProvider> _providers = [];
    private ConnectionMultiplexer? _mintingRedis;
    private string _cookieHeader = null!;
    private Action<IHeaderDictionary> _setHeaders = null!;
    private PolicyResponse _policy = null!;
    private ConsentDecisions _decisions = null!;
    private Pipeline _withoutMiddleware = null!;
    private Pipeline _apiFirstSight = null!;
    private Pipeline _apiLater = null!;
    private Pipeline _localFirstSight = null!;
    private Pipeline _localLater = null!;
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

        _setHeaders = RequestHeaders;
        var policy = _policy = new PolicyResponse(BenchSite.Id, ConsentDecider.CurrentPolicyVersion(BenchSite.Definition, now), BenchSite.Definition);
        // What the server's tokens/verify answers: decided without signals (the middleware applies the request's own).
        var decisions = _decisions = new ConsentDecisions(BenchSite.Id, BenchSite.Visitor, state.PolicyVersion, state.ExpiresAt,
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

    private Pipeline Build(Action<CookieConsentOptions>? configure, StubConsentServer? server, string? localKeyRing = null)
    {
        // The same host for every case: logging, routing, the SDK's services; only UseCookieConsent() differs.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRouting();
        services.AddSingleton(new DiagnosticListener("Microsoft.AspNetCore"));
        services.AddCookieConsent(options =>
        {
            options.ServerUrl = "http://consent.invalid/";
            options.SiteId = BenchSite.Id;
            options.ApiKey = "bench-site-key";
            options.Secure = false;
            configure?.Invoke(options);
        });
        // On the SDK's own named client: a default primary handler would be replaced by the client's registration.
        services.AddHttpClient(nameof(ICookieConsentApi)).ConfigurePrimaryHttpMessageHandler(() => server ?? new StubConsentServer(_policy, _decisions));
        if (localKeyRing is not null)
        {
            services.AddLocalConsentVerification(options => options.KeyRingRedis = localKeyRing);
        }
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        // The sample shop's order: the middleware, then routing to the page's endpoint.
        var app = new ApplicationBuilder(provider);
        if (server is not null)
        {
            app.UseCookieConsent();
        }
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapGet("/products/{id:int}", Page));
        return new Pipeline(app.Build(), new DefaultHttpContextFactory(provider));
    }

    // The site's product page: it asks whether analytics may run (as an <if-consent> block does), sets one analytics
    // cookie and writes its HTML.
    private static Task Page(HttpContext context)
    {
        var analytics = context.Features.Get<IConsentFeature>()?.IsAllowed("analytics") == true;
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.Append(HeaderNames.SetCookie, "_ga=GA1.1.1234567890.1700000000; Path=/; Max-Age=31536000");
        return response.Body.WriteAsync(analytics ? PageWithAnalytics : PageWithoutAnalytics).AsTask();
    }

    private static readonly byte[] PageWithoutAnalytics = PageHtml("");
    private static readonly byte[] PageWithAnalytics = PageHtml("<script src=\"/analytics.js\"></script>");

    private static byte[] PageHtml(string snippet) => Encoding.UTF8.GetBytes(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Product 42</title>"
        + "<link rel=\"stylesheet\" href=\"/site.css\">" + snippet + "</head><body><main><h1>Product 42</h1>"
        + string.Concat(Enumerable.Repeat("<p>A product description of a typical length, written once.</p>", 20))
        + "</main></body></html>");

    // What a browser sends for a page load (Chromium's headers), the same in every case.
    private void RequestHeaders(IHeaderDictionary headers)
    {
        headers.Host = "shop.example";
        headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        headers.Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
        headers.AcceptLanguage = "en-GB,en;q=0.9";
        headers.AcceptEncoding = "gzip, deflate, br, zstd";
        headers["Sec-Fetch-Dest"] = "document";
        headers["Sec-Fetch-Mode"] = "navigate";
        headers["Sec-Fetch-Site"] = "same-origin";
        headers.Cookie = _cookieHeader;
    }

    private Task<HttpContext> Run(Pipeline pipeline, bool dispose = true) =>
        HostedRequest.RunAsync(pipeline.Contexts, pipeline.Request, "/products/42", _setHeaders, dispose);

    private sealed record Pipeline(RequestDelegate Request, IHttpContextFactory Contexts);

    private void Check(Pipeline pipeline, bool expectFeature)
    {
        var context = Run(pipeline, dispose: false).GetAwaiter().GetResult();
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
        // The page ran with the cookie's consent, and the response started with the middleware's headers.
        if (consent is null || consent.VisitorId != BenchSite.Visitor || !consent.IsAllowed("analytics") || consent.IsAllowed("marketing")
            || !cookies.Contains("_ga=", StringComparison.Ordinal) || !context.Response.HasStarted
            || context.Response.Headers.CacheControl != "private")
        {
            throw new InvalidOperationException(
                $"The middleware did not establish the cookie's consent (visitor {consent?.VisitorId ?? "none"}, " +
                $"analytics {consent?.IsAllowed("analytics")}, Set-Cookie '{cookies}').");
        }
    }
}
