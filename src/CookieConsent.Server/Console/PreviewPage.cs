using CookieConsent.Pages;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;

namespace CookieConsent.Server.Console;

/// <summary>
/// The banner and the preferences page as a first-time visitor sees them, per locale, drawn by the visitors' own
/// renderer (the only place the console calls it) and made inert, so a click in the preview records nothing.
/// </summary>
internal static class PreviewPage
{
    public static async Task<IResult> Show(
        string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken, string? locale = null)
    {
        var request = new ConsoleRequest(http, services);
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        var s = request.Strings;
        var locales = BuiltInStrings.Locales
            .Concat(definition.Categories.SelectMany(c => c.Texts.Keys).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();
        var shown = locale is not null && locales.Contains(locale) ? locale : definition.DefaultLocale;
        var html = new ConsoleHtml().Heading(s.Preview, site).Element("p", s.PreviewIntro)
            .Raw("<nav class=\"cx-choices\" aria-label=\"").Text(s.PreviewLanguage).Raw("\"><ul class=\"cx-inline-list\">");
        foreach (var option in locales)
        {
            html.Raw("<li>").Link(request.SiteUrl(site, "/preview?locale=" + Uri.EscapeDataString(option)), option, "cx-choice", option == shown)
                .Raw("</li>");
        }
        html.Raw("</ul></nav>");

        var view = View(site, definition, shown, request.Now);
        var renderer = ConsentRenderer.Default;
        html.Raw("<h2 class=\"cx-subtitle\">").Text(s.PreviewBanner).Raw("</h2><div class=\"cx-preview\" inert lang=\"").Text(shown).Raw("\">")
            .Raw(renderer.RenderBanner(view)).Raw("</div>")
            .Raw("<h2 class=\"cx-subtitle\">").Text(s.PreviewPreferences).Raw("</h2><div class=\"cx-preview\" inert lang=\"").Text(shown).Raw("\">")
            .Raw(renderer.RenderPreferences(view)).Raw("</div>");
        return ConsoleLayout.Page(request, s.Preview, html.ToString(), site: site, tab: ConsoleTab.Preview);
    }

    private static ConsentView View(string site, SiteDefinition definition, string locale, DateTimeOffset now) => new()
    {
        SiteId = site,
        Site = definition,
        Decisions = ConsentDecider.DecideAll(definition, null, ConsentSignals.None, now),
        HasValidChoice = false,
        Locale = locale,
        Urls = new ConsentUrls("#", "#"),
        Antiforgery = new AntiforgeryField("preview", ""),
        ReturnUrl = "#",
        HeadingLevel = 3,
    };
}
