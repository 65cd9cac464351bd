using System.Net;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Resilience.Tests.Infrastructure;

/// <summary>
/// A client website on a real Kestrel port using the SDK (<c>AddCookieConsent</c>, <c>UseCookieConsent</c>,
/// <c>MapCookieConsent</c>) against a consent server process; <c>GET /form</c> renders a form's antiforgery field.
/// </summary>
internal sealed class ClientSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClientSite(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ClientSite> StartAsync(Uri consentServer, string site, string key)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddCookieConsent(options =>
        {
            options.ServerUrl = consentServer.ToString();
            options.SiteId = site;
            options.ApiKey = key;
            options.Secure = false;
        });
        // These tests are about where forms lead, not about speed: a busy CI machine must not turn them into 503s.
        builder.Services.Configure<CookieConsentClientOptions>(options =>
        {
            options.Timeout = TimeSpan.FromSeconds(20);
            options.AttemptTimeout = TimeSpan.FromSeconds(20);
        });
        var app = builder.Build();
        app.UseCookieConsent();
        app.MapCookieConsent();
        app.MapGet("/form", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Results.Content(
                $"<form method=\"post\" action=\"/consent/choices\"><input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\"></form>",
                "text/html");
        });
        await app.StartAsync();
        return new ClientSite(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
