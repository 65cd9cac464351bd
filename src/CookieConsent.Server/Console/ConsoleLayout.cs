using System.Text;
using CookieConsent.Pages;

namespace CookieConsent.Server.Console;

/// <summary>The sections of a site in the console, in the order of its tabs.</summary>
internal enum ConsoleTab
{
    None,
    Settings,
    Preview,
    Policy,
    Keys,
    Statistics,
    Visitors,
    Audit,
}

/// <summary>
/// The page around every console screen: <c>&lt;html lang&gt;</c>, the visitor pages' stylesheet plus the console's,
/// a skip link, the header with sign-out, the site's tabs, one <c>&lt;main&gt;</c>; nothing that runs.
/// </summary>
internal static class ConsoleLayout
{
    private const string HtmlContentType = "text/html; charset=utf-8";

    public static IResult Page(ConsoleRequest request, string title, string main, int statusCode = StatusCodes.Status200OK,
        string? site = null, ConsoleTab tab = ConsoleTab.None)
    {
        var s = request.Strings;
        var html = new ConsoleHtml();
        html.Raw("<!DOCTYPE html>\n<html lang=\"").Text(s.Locale).Raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<meta name=\"referrer\" content=\"same-origin\">\n")
            .Raw("<title>").Text(site is null ? $"{title} – {s.ConsoleName}" : $"{title} – {site} – {s.ConsoleName}").Raw("</title>\n")
            .Raw("<link rel=\"stylesheet\" href=\"").Text(request.Http.Request.PathBase + ConsentStylesheet.Path).Raw("\">\n")
            .Raw("<link rel=\"stylesheet\" href=\"").Text(request.Url(ConsoleStylesheet.Path)).Raw("\">\n")
            .Raw("</head>\n<body class=\"cc-page cx-console\">\n")
            .Raw("<a class=\"cx-skip\" href=\"#main\">").Text(s.SkipToContent).Raw("</a>\n")
            .Raw("<header class=\"cx-header\"><p class=\"cx-header__name\">")
            .Link(request.Url(), s.ConsoleName).Raw("</p>");
        if (request.Session is not null)
        {
            html.Raw("<nav class=\"cx-header__nav\" aria-label=\"").Text(s.MainNavigation).Raw("\"><ul class=\"cx-inline-list\"><li>")
                .Link(request.Url("/sites"), s.Sites, current: site is null && tab == ConsoleTab.None && title == s.Sites)
                .Raw("</li></ul></nav>")
                .Form(request.Url("/sign-out"), request, "cx-header__signout").Button(s.SignOut, secondary: true).EndForm();
        }
        html.Raw("</header>\n");
        if (site is not null)
        {
            Tabs(html, request, site, tab);
        }
        html.Raw("<main id=\"main\" class=\"cx-main\" tabindex=\"-1\">\n").Raw(main).Raw("\n</main>\n</body>\n</html>\n");
        return TypedResults.Content(html.ToString(), HtmlContentType, Encoding.UTF8, statusCode);
    }

    /// <summary>A page with a heading and one sentence, and a way back.</summary>
    public static IResult Error(ConsoleRequest request, int statusCode, string message, string? site = null)
    {
        var s = request.Strings;
        var main = new ConsoleHtml().Element("h1", s.ErrorTitle).Raw("<p class=\"cx-error-page\">").Text(message).Raw("</p><p>")
            .Link(site is null ? request.Url("/sites") : request.SiteUrl(site), s.Back).Raw("</p>").ToString();
        return Page(request, s.ErrorTitle, main, statusCode);
    }

    public static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>The page's heading: the site id as a caption above the section's name.</summary>
    public static ConsoleHtml Heading(this ConsoleHtml html, string title, string? site = null)
    {
        html.Raw("<h1 class=\"cx-title\">");
        if (site is not null)
        {
            html.Raw("<span class=\"cx-title__caption\">").Text(site).Raw("</span> ");
        }
        return html.Text(title).Raw("</h1>");
    }

    private static void Tabs(ConsoleHtml html, ConsoleRequest request, string site, ConsoleTab current)
    {
        var s = request.Strings;
        (ConsoleTab Tab, string Path, string Text)[] tabs =
        [
            (ConsoleTab.Settings, "", s.Settings),
            (ConsoleTab.Preview, "/preview", s.Preview),
            (ConsoleTab.Policy, "/policy", s.PolicyVersions),
            (ConsoleTab.Keys, "/keys", s.Keys),
            (ConsoleTab.Statistics, "/stats", s.Statistics),
            (ConsoleTab.Visitors, "/visitors", s.Visitors),
            (ConsoleTab.Audit, "/audit", s.AuditLog),
        ];
        html.Raw("<nav class=\"cx-tabs\" aria-label=\"").Text(ConsoleStrings.Format(s.SiteSections, site)).Raw("\"><ul class=\"cx-tabs__list\">");
        foreach (var (tab, path, text) in tabs)
        {
            html.Raw("<li>").Link(request.SiteUrl(site, path), text, "cx-tabs__link", tab == current).Raw("</li>");
        }
        html.Raw("</ul></nav>\n");
    }
}
