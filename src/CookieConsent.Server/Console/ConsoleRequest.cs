using CookieConsent.Core.ApiKeys;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Services;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Audit;
using CookieConsent.Server.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;

namespace CookieConsent.Server.Console;

/// <summary>What the console's handlers need, bound per request from DI (<c>[AsParameters]</c>).</summary>
internal sealed record ConsoleServices(
    SiteStore Sites,
    ApiKeyStore Keys,
    ConsentStore Consents,
    AuditLog AuditLog,
    AuditTrail Audit,
    ConsoleSessions Sessions,
    AuthFailureLimiter AuthFailures,
    IAntiforgery Antiforgery,
    TimeProvider Time,
    ILogger<ConsoleServices> Logger,
    ServiceStore ServiceStore);

/// <summary>One console request: its language, its session (when signed in) and the antiforgery token of its forms.</summary>
internal sealed class ConsoleRequest
{
    private (string Name, string Value)? _antiforgery;

    public ConsoleRequest(HttpContext http, ConsoleServices services)
    {
        Http = http;
        Services = services;
        Strings = ConsoleStrings.Negotiate(http.Request.Headers.AcceptLanguage.ToString());
        Session = http.Items[typeof(ConsoleSession)] as ConsoleSession;
    }

    public HttpContext Http { get; }

    public ConsoleServices Services { get; }

    public ConsoleStrings Strings { get; }

    public ConsoleSession? Session { get; }

    /// <summary>Who the audit log names for changes made in this request.</summary>
    public string Actor => AuditTrail.Console(Session?.Id ?? "unknown");

    public DateTimeOffset Now => Services.Time.GetUtcNow();

    /// <summary><c>{PathBase}/admin{path}</c>.</summary>
    public string Url(string path = "") => Http.Request.PathBase.Add(ConsoleEndpoints.Root).Value + path;

    public string SiteUrl(string site, string path = "") => Url("/sites/" + Uri.EscapeDataString(site) + path);

    public (string Name, string Value) AntiforgeryField()
    {
        if (_antiforgery is null)
        {
            var tokens = Services.Antiforgery.GetAndStoreTokens(Http);
            _antiforgery = (tokens.FormFieldName, tokens.RequestToken ?? "");
        }
        return _antiforgery.Value;
    }

    /// <summary>The posted form when it carries a valid antiforgery token; otherwise <see langword="null"/>.</summary>
    public async Task<IFormCollection?> ReadValidFormAsync(CancellationToken cancellationToken)
    {
        if (!Http.Request.HasFormContentType)
        {
            return null;
        }
        try
        {
            var form = await Http.Request.ReadFormAsync(cancellationToken);
            return await Services.Antiforgery.IsRequestValidAsync(Http) ? form : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
