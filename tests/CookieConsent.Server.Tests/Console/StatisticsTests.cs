using System.Globalization;
using System.Net;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

[TestClass]
public sealed class StatisticsTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task Statistics_DrawAnAccessibleChartPerCategory_WithTheSameNumbersInATable()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", false)));
        await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));
        await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", false), ("marketing", false)));
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var page = await console.GetAsync($"/admin/sites/{site}/stats?days=7");

        page.AssertStatus(HttpStatusCode.OK);
        var analytics = page.Document.QuerySelector("section[aria-labelledby='chart-analytics-heading']")!;
        var svg = analytics.QuerySelector("svg[role=img]")!;
        Assert.AreEqual("chart-analytics-title chart-analytics-desc", svg.GetAttribute("aria-labelledby"));
        Assert.AreEqual("Daily opt-in rate of analytics, last 7 days", svg.QuerySelector("title")!.TextContent);
        Assert.Contains("In total 2 opt-ins and 1 opt-outs, opt-in rate 67", svg.QuerySelector("desc")!.TextContent);
        Assert.HasCount(1, svg.QuerySelectorAll("rect"), "one day with choices, one bar");
        var rows = analytics.QuerySelectorAll("tbody tr");
        Assert.HasCount(7, rows);
        var todayRow = rows.Last().QuerySelectorAll("th, td").Select(c => c.TextContent).ToArray();
        CollectionAssert.AreEqual(new[] { today, "2", "1", "67%" }, todayRow);
        Assert.IsNull(page.Document.QuerySelector("section[aria-labelledby='chart-necessary-heading']"), "required categories have no choices");
        Assert.AreEqual("page", page.Document.QuerySelector("a.cx-choice[href$='days=7']")!.GetAttribute("aria-current"));
    }

    [TestMethod]
    public async Task StatisticsCsv_HasOneLinePerCategoryAndDay()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", false)));
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var csv = await console.GetAsync($"/admin/sites/{site}/stats.csv?days=30");

        csv.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("text/csv", csv.ContentHeaders.ContentType!.MediaType);
        Assert.Contains($"consent-stats-{site}-30d.csv", csv.ContentHeaders.ContentDisposition!.ToString());
        var lines = csv.Html.TrimEnd('\n').Split('\n');
        Assert.AreEqual("day,category,opt_ins,opt_outs,opt_in_rate", lines[0]);
        Assert.HasCount(1 + (2 * 30), lines);
        CollectionAssert.Contains(lines, $"{today},analytics,1,0,1");
        CollectionAssert.Contains(lines, $"{today},marketing,0,1,0");
    }
}
