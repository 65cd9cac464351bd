using CookieConsent.AspNetCore.Features;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.AspNetCore.Localization;

/// <summary>The locale the consent markup uses for a request, so a page can put it in <c>&lt;html lang&gt;</c>.</summary>
public static class ConsentLocaleExtensions
{
    private static readonly object ItemKey = new();

    /// <summary>
    /// The locale of the consent texts for this request (<c>en</c>, <c>de</c>, <c>fr</c> or <c>es</c>): the visitor's
    /// most preferred supported language from <c>Accept-Language</c>, else the site's default locale, else <c>en</c>.
    /// </summary>
    /// <param name="context">The current request.</param>
    public static string GetConsentLocale(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is string locale)
        {
            return locale;
        }
        var siteDefault = context.Features.Get<IConsentFeature>()?.Definition?.DefaultLocale;
        locale = LocaleNegotiator.Choose(context.Request.Headers[HeaderNames.AcceptLanguage].ToString(), siteDefault);
        context.Items[ItemKey] = locale;
        return locale;
    }
}
