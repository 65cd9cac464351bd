using System.Net;
using System.Text.Json;
using CookieConsent.AspNetCore.Features;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.AspNetCore.Tests.Infrastructure;

/// <summary>A small client site using the SDK the way the README says, on a TestServer.</summary>
internal sealed class TestSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestSite(WebApplication app, HttpClient client, List<string> logs)
    {
        _app = app;
        Client = client;
        Logs = logs;
    }

    public HttpClient Client { get; }

    public List<string> Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the site. With <paramref name="api"/> the consent server is the stub; without, <paramref name="configureServices"/>
    /// must provide the connection (e.g. a handler to a real server).
    /// </summary>
    public static async Task<TestSite> StartAsync(
        ICookieConsentApi? api,
        Action<CookieConsentOptions>? configure = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var logs = new List<string>();
        builder.Logging.ClearProviders().AddProvider(new CapturedLogs(logs)).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddCookieConsent(options =>
        {
            options.ServerUrl = "http://consent.test/";
            options.SiteId = "shop";
            options.ApiKey = "site-key";
            configure?.Invoke(options);
        });
        if (api is not null)
        {
            builder.Services.AddSingleton(api);
        }
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseCookieConsent();
        app.MapCookieConsent();
        app.MapGet("/page", (HttpContext context) => Results.Content(Describe(context.Features.Get<IConsentFeature>()!), "text/html"));
        app.MapGet("/plain", () => "no consent read here");
        app.MapGet("/decisions.json", (HttpContext context) => Results.Text(Describe(context.Features.Get<IConsentFeature>()!), "application/json"));
        app.MapGet("/cached-page", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=60";
            context.Response.Headers.Vary = "Accept-Encoding";
            return Results.Content("<p>hello</p>", "text/html");
        });
        app.MapGet("/tracking", (HttpContext context) => context.Features.Get<ITrackingConsentFeature>()!.CanTrack ? "yes" : "no");
        // Code written for ASP.NET Core's cookie policy: grant or withdraw, then set an analytics cookie.
        app.MapGet("/tracking/{action}", (HttpContext context, string action) =>
        {
            var tracking = context.Features.Get<ITrackingConsentFeature>()!;
            if (action == "grant")
            {
                tracking.GrantConsent();
            }
            else
            {
                tracking.WithdrawConsent();
            }
            context.Response.Cookies.Append("session", "s");
            context.Response.Cookies.Append("_ga", "1");
            return tracking.CanTrack ? "yes" : "no";
        });
        app.MapGet("/set-cookies", (HttpContext context) =>
        {
            context.Response.Cookies.Append("session", "s");
            context.Response.Cookies.Append("_ga", "1");
            context.Response.Cookies.Append("_ga_XYZ", "2");
            context.Response.Cookies.Append("mkt_px", "3");
            context.Response.Cookies.Append("undeclared", "4");
            context.Response.Cookies.Delete("_gid_old");
            context.Response.Cookies.Delete("_ga_old");
            return "cookies";
        });
        app.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(context).RequestToken!);
        await app.StartAsync();
        return new TestSite(app, app.GetTestClient(), logs);
    }

    /// <summary>"key=value" lines of everything the feature says, as a page would use it.</summary>
    private static string Describe(IConsentFeature consent)
    {
        var lines = new List<string>
        {
            $"site={consent.Site}",
            $"definition={(consent.Definition is null ? "none" : "loaded")}",
            $"visitor={consent.VisitorId ?? "none"}",
            $"needsChoice={consent.NeedsChoice}",
            $"expiresAt={consent.ExpiresAt?.ToString("O") ?? "none"}",
            $"signals={consent.Signals.DoNotTrack},{consent.Signals.GlobalPrivacyControl}",
        };
        lines.AddRange(consent.Decisions.Select(d => $"{d.Category}={(d.Allowed ? "allowed" : "denied")}:{JsonNamingPolicy.KebabCaseLower.ConvertName(d.Reason.ToString())}"));
        lines.Add($"unknown-category={consent.IsAllowed("nonexistent")}");
        return string.Join('\n', lines);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? consentCookie = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (consentCookie is not null)
        {
            request.Headers.Add("Cookie", $"cc_consent={consentCookie}");
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Client.SendAsync(request);
    }

    public async Task<string> PageAsync(string? consentCookie = null, params (string Name, string Value)[] headers)
    {
        using var response = await GetAsync("/page", consentCookie, headers);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>An antiforgery token and the cookie it belongs to, as a page with the form would hand them out.</summary>
    public async Task<(string Token, string Cookie)> AntiforgeryAsync(string? cookies = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/antiforgery");
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }
        using var response = await Client.SendAsync(request);
        var token = await response.Content.ReadAsStringAsync();
        var cookie = SetCookies(response).Single(c => c.Name.Value!.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        return (token, $"{cookie.Name}={cookie.Value}");
    }

    /// <summary>Posts a form; <paramref name="antiforgery"/> adds a valid token and its cookie.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(
        string path, Dictionary<string, string> fields, bool antiforgery = true, string? cookies = null,
        params (string Name, string Value)[] headers)
    {
        var cookieHeader = cookies;
        var form = new Dictionary<string, string>(fields);
        if (antiforgery)
        {
            var (token, cookie) = await AntiforgeryAsync(cookies);
            form["__RequestVerificationToken"] = token;
            cookieHeader = cookieHeader is null ? cookie : $"{cookieHeader}; {cookie}";
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (cookieHeader is not null)
        {
            request.Headers.Add("Cookie", cookieHeader);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Client.SendAsync(request);
    }

    public static IList<SetCookieHeaderValue> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? SetCookieHeaderValue.ParseList(values.ToList()) : [];

    public static Dictionary<string, string> Lines(string page) =>
        page.Split('\n').Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
