using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the CookieConsent middleware.</summary>
public static class CookieConsentApplicationBuilderExtensions
{
    /// <summary>
    /// Reads the consent cookie and the <c>DNT</c> / <c>Sec-GPC</c> headers and sets <see cref="IConsentFeature"/> and
    /// ASP.NET Core's <c>ITrackingConsentFeature</c> on each request; answers <c>DNT</c> with a <c>Tk</c> header; removes
    /// <c>Set-Cookie</c> headers of declared cookies whose category is not consented; sends HTML responses and every
    /// response whose consent was read with <c>Cache-Control: private</c> and <c>Vary: Cookie, DNT, Sec-GPC</c>.
    /// Place it before anything that renders pages or sets cookies (after static files is fine).
    /// </summary>
    public static IApplicationBuilder UseCookieConsent(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<ConsentEvaluator>() is null)
        {
            throw new InvalidOperationException("CookieConsent services are missing: call builder.Services.AddCookieConsent() first.");
        }
        return app.UseMiddleware<ConsentMiddleware>();
    }
}
