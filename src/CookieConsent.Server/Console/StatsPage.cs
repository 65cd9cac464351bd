using System.Globalization;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.Server.Console;

/// <summary>Statistics per optional category for the last 7, 30 or 90 days: a chart, its numbers in a table, and a CSV download.</summary>
internal static class StatsPage
{
    private static readonly int[] Periods = [7, 30, 90];

    public static async Task<IResult> Show(
        string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken, int days = 30)
    {
        var request = new ConsoleRequest(http, services);
        var s = request.Strings;
        days = Periods.Contains(days) ? days : 30;
        var (definition, counts, failure) = await LoadAsync(request, site, days, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        var culture = CultureInfo.GetCultureInfo(s.Locale);
        var html = new ConsoleHtml().Heading(s.Statistics, site)
            .Raw("<nav class=\"cx-choices\" aria-label=\"").Text(s.Period).Raw("\"><ul class=\"cx-inline-list\">");
        foreach (var period in Periods)
        {
            html.Raw("<li>").Link(request.SiteUrl(site, $"/stats?days={period.ToString(CultureInfo.InvariantCulture)}"),
                ConsoleStrings.Format(s.LastDays, period), "cx-choice", period == days).Raw("</li>");
        }
        html.Raw("</ul></nav><p>")
            .Link(request.SiteUrl(site, $"/stats.csv?days={days.ToString(CultureInfo.InvariantCulture)}"), ConsoleStrings.Format(s.DownloadCsv, days))
            .Raw("</p>");
        if (!definition.Categories.Any(c => !c.Required))
        {
            html.Element("p", s.NoOptionalCategories);
        }
        foreach (var category in definition.Categories.Where(c => !c.Required))
        {
            var series = counts[category.Id];
            var optIns = series.Sum(d => d.OptIns);
            var optOuts = series.Sum(d => d.OptOuts);
            var rate = optIns + optOuts == 0 ? s.NoChoices : (optIns / (double)(optIns + optOuts)).ToString("P0", culture);
            var id = "chart-" + category.Id;
            html.Raw("<section class=\"cx-stats\" aria-labelledby=\"").Text(id).Raw("-heading\"><h2 class=\"cx-subtitle\" id=\"").Text(id)
                .Raw("-heading\">").Text(category.Id).Raw("</h2>")
                .Raw("<p>").Text(string.Format(culture, s.StatsSummary, optIns, optOuts, rate)).Raw("</p>")
                .Raw(StatsChart.Render(id, string.Format(culture, s.ChartTitle, category.Id, days),
                    string.Format(culture, s.ChartDescription, series[0].Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        series[^1].Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), optIns, optOuts, rate),
                    series))
                .Raw("<details class=\"cx-details\"><summary>").Text(ConsoleStrings.Format(s.NumbersFor, category.Id)).Raw("</summary>")
                .Raw("<table class=\"cx-table cx-table--numbers\"><caption class=\"cx-visually-hidden\">")
                .Text(string.Format(culture, s.ChartTitle, category.Id, days)).Raw("</caption><thead><tr><th scope=\"col\">").Text(s.Day)
                .Raw("</th><th scope=\"col\">").Text(s.OptIns).Raw("</th><th scope=\"col\">").Text(s.OptOuts).Raw("</th><th scope=\"col\">")
                .Text(s.OptInRate).Raw("</th></tr></thead><tbody>");
            foreach (var day in series)
            {
                html.Raw("<tr><th scope=\"row\">").Text(day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Raw("</th><td>")
                    .Text(day.OptIns.ToString(culture)).Raw("</td><td>").Text(day.OptOuts.ToString(culture)).Raw("</td><td>")
                    .Text(day.Rate is { } r ? r.ToString("P0", culture) : "—").Raw("</td></tr>");
            }
            html.Raw("</tbody></table></details></section>");
        }
        return ConsoleLayout.Page(request, s.Statistics, html.ToString(), site: site, tab: ConsoleTab.Statistics);
    }

    public static async Task<IResult> Csv(
        string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken, int days = 30)
    {
        var request = new ConsoleRequest(http, services);
        days = Periods.Contains(days) ? days : 30;
        var (definition, counts, failure) = await LoadAsync(request, site, days, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        var csv = new StringBuilder("day,category,opt_ins,opt_outs,opt_in_rate\n");
        foreach (var category in definition.Categories.Where(c => !c.Required))
        {
            foreach (var day in counts[category.Id])
            {
                csv.Append(CultureInfo.InvariantCulture,
                    $"{day.Day:yyyy-MM-dd},{category.Id},{day.OptIns},{day.OptOuts},{(day.Rate is { } r ? r.ToString("0.####", CultureInfo.InvariantCulture) : "")}\n");
            }
        }
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"consent-stats-{site}-{days}d.csv",
        }.ToString();
        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
    }

    // Every day of the period for every optional category, zero where nothing was counted.
    private static async Task<(SiteDefinition? Definition, Dictionary<string, List<DayCounts>> Counts, IResult? Failure)> LoadAsync(
        ConsoleRequest request, string site, int days, CancellationToken cancellationToken)
    {
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return (null, [], failure);
        }
        IReadOnlyList<DailyCategoryStats> stats;
        try
        {
            stats = await request.Services.Consents.StatsAsync(site, definition, days, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return (null, [], ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, request.Strings.StoreUnavailable, site));
        }
        var today = DateOnly.FromDateTime(request.Now.UtcDateTime);
        var counts = new Dictionary<string, List<DayCounts>>(StringComparer.Ordinal);
        foreach (var category in definition.Categories.Where(c => !c.Required))
        {
            counts[category.Id] = Enumerable.Range(0, days).Select(back => today.AddDays(back - days + 1))
                .Select(day => stats.FirstOrDefault(x => x.Day == day && x.Category == category.Id) is { } found
                    ? new DayCounts(day, found.OptIns, found.OptOuts)
                    : new DayCounts(day, 0, 0))
                .ToList();
        }
        return (definition, counts, null);
    }
}
