using CookieConsent.Core.Redis;

namespace CookieConsent.Server.Console;

/// <summary>The site's audit log, newest first. Read-only: nothing in the console edits or removes an entry.</summary>
internal static class AuditPage
{
    private const int Shown = 200;

    public static async Task<IResult> Show(string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var s = request.Strings;
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        IReadOnlyList<Core.Audit.AuditEntry> entries;
        try
        {
            entries = await services.AuditLog.ListAsync(site, Shown, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, s.StoreUnavailable, site);
        }
        var html = new ConsoleHtml().Heading(s.AuditLog, site).Element("p", ConsoleStrings.Format(s.AuditIntro, Shown));
        if (entries.Count == 0)
        {
            html.Element("p", s.NoAuditEntries);
        }
        else
        {
            html.Raw("<table class=\"cx-table\"><caption class=\"cx-visually-hidden\">").Text(s.AuditLog).Raw("</caption><thead><tr><th scope=\"col\">")
                .Text(s.When).Raw("</th><th scope=\"col\">").Text(s.Who).Raw("</th><th scope=\"col\">").Text(s.What)
                .Raw("</th><th scope=\"col\">").Text(s.Details).Raw("</th></tr></thead><tbody>");
            foreach (var entry in entries)
            {
                html.Raw("<tr><td>").Text(ConsoleStrings.Time(entry.At)).Raw("</td><td><code>").Text(entry.Actor).Raw("</code></td><td><code>")
                    .Text(entry.Action).Raw("</code></td><td>").Text(entry.Summary).Raw("</td></tr>");
            }
            html.Raw("</tbody></table>");
        }
        return ConsoleLayout.Page(request, s.AuditLog, html.ToString(), site: site, tab: ConsoleTab.Audit);
    }
}
