using BenchmarkDotNet.Attributes;
using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Middleware;
using CookieConsent.AspNetCore.Policy;
using CookieConsent.AspNetCore.Sync;
using CookieConsent.AspNetCore.Verification;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.Benchmarks;

/// <summary>
/// Where the middleware's time goes for a request with a cached cookie: each step of <c>UseCookieConsent()</c> on
/// its own, with the SDK's real services (API verification against <see cref="StubConsentServer"/>, its cache filled
/// by one request). Steps that write to the response get a fresh context each; <c>context only</c> is that cost.
/// </summary>
[MemoryDiagnoser]
public class MiddlewareStepBenchmarks
{
    private ServiceProvider _provider = null!;
    private ConsentEvaluator _evaluator = null!;
    private CookieEnforcer _enforcer = null!;
    private ServiceSync _sync = null!;
    private ConsentPolicyCache _policies = null!;
    private IConsentVerifier _verifier = null!;
    private PolicyResponse _policy = null!;
    private HttpContext _shared = null!;
    private ConsentFeature _consent = null!;
    private string _cookie = null!;
    private string _cookieHeader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        var state = BenchSite.State(now);
        _policy = new PolicyResponse(BenchSite.Id, ConsentDecider.CurrentPolicyVersion(BenchSite.Definition, now), BenchSite.Definition);
        var decisions = new ConsentDecisions(BenchSite.Id, BenchSite.Visitor, state.PolicyVersion, state.ExpiresAt,
            ConsentSignals.None, ConsentDecider.DecideAll(BenchSite.Definition, state, ConsentSignals.None, now));
        // The stub answers whatever cookie it is sent; its shape is a real one's (a protected payload is as long).
        _cookie = Convert.ToBase64String(new byte[190]).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        _cookieHeader = $"{BenchSite.Definition.CookieName}={_cookie}; _ga=GA1.1.1234567890.1700000000; lang=en";

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCookieConsent(options =>
        {
            options.ServerUrl = "http://consent.invalid/";
            options.SiteId = BenchSite.Id;
            options.ApiKey = "bench-site-key";
            options.Secure = false;
        });
        services.AddHttpClient(nameof(ICookieConsentApi)).ConfigurePrimaryHttpMessageHandler(() => new StubConsentServer(_policy, decisions));
        _provider = services.BuildServiceProvider();
        _evaluator = _provider.GetRequiredService<ConsentEvaluator>();
        _enforcer = _provider.GetRequiredService<CookieEnforcer>();
        _sync = _provider.GetRequiredService<ServiceSync>();
        _policies = _provider.GetRequiredService<ConsentPolicyCache>();
        _verifier = _provider.GetRequiredService<IConsentVerifier>();

        _shared = NewContext();
        _consent = _evaluator.EvaluateAsync(_shared).AsTask().GetAwaiter().GetResult();
        _shared.Response.Headers.SetCookie = default;
        if (_consent.VisitorIdValue != BenchSite.Visitor || !_consent.IsAllowedCore("analytics")
            || !_verifier.TryGetCached(_policy, _cookie, out _))
        {
            throw new InvalidOperationException("The cookie was not verified and cached.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark(Baseline = true, Description = "context only")]
    public HttpContext ContextOnly() => NewContext();

    [Benchmark(Description = "read DNT / Sec-GPC")]
    public ConsentSignals Signals() => ConsentSignalsReader.Read(_shared.Request.Headers);

    [Benchmark(Description = "policy (cached)")]
    public Task<PolicyResponse?> Policy() => _policies.GetAsync(CancellationToken.None);

    [Benchmark(Description = "find the cookie in the header")]
    public bool FindCookie() => ConsentCookieHeader.TryFind(_shared.Request.Headers.Cookie, BenchSite.Definition.CookieName, out _);

    [Benchmark(Description = "verification cache lookup")]
    public bool CacheLookup() => _verifier.TryGetCached(_policy, _cookie, out _);

    [Benchmark(Description = "evaluate (context + whole step)")]
    public object Evaluate() => _evaluator.EvaluateAsync(NewContext()).GetAwaiter().GetResult();

    [Benchmark(Description = "sync check")]
    public Task<bool> Sync() => _sync.RunAsync(_shared, _consent);

    [Benchmark(Description = "set the features (context + step)")]
    public HttpContext Features()
    {
        var context = NewContext();
        var consent = new ConsentFeature(BenchSite.Id, BenchSite.Definition, BenchSite.Visitor, ConsentSignals.None,
            _consent.DecisionsValue, null, needsChoice: false, context);
        context.Features.Set<IConsentFeature>(consent);
        context.Features.Set<Microsoft.AspNetCore.Http.Features.ITrackingConsentFeature>(consent);
        return context;
    }

    [Benchmark(Description = "OnStarting registration (context + step)")]
    public HttpContext OnStarting()
    {
        var context = NewContext();
        context.Response.OnStarting(static _ => Task.CompletedTask, context);
        return context;
    }

    [Benchmark(Description = "enforce cookies (context + step)")]
    public HttpContext Enforce()
    {
        var context = NewContext();
        context.Response.Headers.Append(HeaderNames.SetCookie, "_ga=GA1.1.1234567890.1700000000; Path=/; Max-Age=31536000");
        _enforcer.Enforce(context.Response, _consent);
        return context;
    }

    [Benchmark(Description = "Cache-Control and Vary (context + step)")]
    public HttpContext ResponseHeaders()
    {
        var context = NewContext();
        context.Response.ContentType = "text/html; charset=utf-8";
        ConsentResponseHeaders.Apply(context.Response, _consent);
        return context;
    }

    private DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        var headers = context.Request.Headers;
        headers.Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        headers["Sec-Fetch-Mode"] = "navigate";
        headers.Cookie = _cookieHeader;
        return context;
    }
}
