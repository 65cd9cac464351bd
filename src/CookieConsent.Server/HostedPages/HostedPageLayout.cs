using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CookieConsent.Pages;

namespace CookieConsent.Server.HostedPages;

/// <summary>
/// The full HTML page around the shared consent markup: <c>&lt;html lang&gt;</c>, the shared stylesheet, a
/// <c>&lt;main&gt;</c> landmark, and nothing that runs.
/// </summary>
internal static class HostedPageLayout
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// A page whose <paramref name="mainHtml"/> (and <paramref name="footerHtml"/>, e.g. the privacy status line) is
    /// already rendered (and encoded) markup.
    /// </summary>
    public static string Render(
        ConsentStrings strings, string title, string? siteName, string mainHtml, IReadOnlyList<(string Href, string Text)> links,
        string footerHtml = "")
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Encoder.Encode(strings.Locale)).Append("\">\n<head>\n")
            .Append("<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"referrer\" content=\"same-origin\">\n")
            .Append("<title>").Append(Encoder.Encode(title)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Encoder.Encode(ConsentStylesheet.Path)).Append("\">\n")
            .Append("</head>\n<body class=\"cc-page\">\n");
        if (!string.IsNullOrEmpty(siteName))
        {
            html.Append("<header class=\"cc-page__header\"><p class=\"cc-page__site\">").Append(Encoder.Encode(siteName))
                .Append("</p></header>\n");
        }
        html.Append("<main class=\"cc-page__main\">\n").Append(mainHtml).Append('\n');
        if (links.Count > 0)
        {
            html.Append("<nav class=\"cc-page__nav\" aria-label=\"").Append(Encoder.Encode(strings.OtherPages))
                .Append("\"><ul class=\"cc-links\">");
            foreach (var (href, text) in links)
            {
                html.Append("<li><a class=\"cc-link\" href=\"").Append(Encoder.Encode(href)).Append("\">")
                    .Append(Encoder.Encode(text)).Append("</a></li>");
            }
            html.Append("</ul></nav>\n");
        }
        html.Append("</main>\n");
        if (footerHtml.Length > 0)
        {
            html.Append("<footer class=\"cc-page__footer\">").Append(footerHtml).Append("</footer>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>An error page: a heading and one sentence, in the visitor's language.</summary>
    public static string Error(ConsentStrings strings, string? siteName, string message, IReadOnlyList<(string Href, string Text)> links)
    {
        var main = new StringBuilder()
            .Append("<h1>").Append(Encoder.Encode(strings.ErrorTitle)).Append("</h1>")
            .Append("<p class=\"cc-error\">").Append(Encoder.Encode(message)).Append("</p>")
            .ToString();
        return Render(strings, strings.ErrorTitle, siteName, main, links);
    }

    /// <summary>"Title – Site" for the <c>&lt;title&gt;</c> element.</summary>
    public static string Title(string page, string? siteName) =>
        string.IsNullOrEmpty(siteName) ? page : string.Create(CultureInfo.InvariantCulture, $"{page} – {siteName}");

    /// <summary>A built-in text with the site's name in it.</summary>
    public static string Format(string format, string value) => string.Format(CultureInfo.InvariantCulture, format, value);
}
