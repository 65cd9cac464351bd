using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class StatsTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task Stats_CountOptInsAndOptOutsPerCategoryPerDay()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var choices = new[]
        {
            TestSites.Choices(("analytics", true), ("marketing", true)),
            TestSites.Choices(("analytics", true), ("marketing", false)),
            TestSites.Choices(("analytics", false), ("marketing", false)),
            TestSites.Choices(("analytics", true), ("marketing", false)),
        };
        foreach (var choice in choices)
        {
            await Api.RecordAsync(site, key, TestApi.NewVisitor(), choice);
        }

        var stats = await Api.StatsAsync(site, key);

        Assert.AreEqual(site, stats.Site);
        Assert.IsTrue(stats.Days.All(d => d.Category is "analytics" or "marketing"), "required categories are not counted");
        // Summed over days, so a run across midnight UTC still adds up.
        Assert.AreEqual((3, 1), Totals(stats, "analytics"));
        Assert.AreEqual((1, 3), Totals(stats, "marketing"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.IsTrue(stats.Days.All(d => d.Day >= today.AddDays(-1) && d.Day <= today));
    }

    [TestMethod]
    public async Task Stats_SiteWithoutConsents_IsEmpty()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        var stats = await Api.StatsAsync(site, key);

        Assert.IsEmpty(stats.Days);
    }

    [TestMethod]
    public async Task Stats_AreKeptPerSite()
    {
        var (siteA, keyA) = await Api.CreateSiteWithKeyAsync(hint: "stats-a");
        var (siteB, keyB) = await Api.CreateSiteWithKeyAsync(hint: "stats-b");
        await Api.RecordAsync(siteA, keyA, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));
        await Api.RecordAsync(siteA, keyA, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));
        await Api.RecordAsync(siteB, keyB, TestApi.NewVisitor(), TestSites.Choices(("analytics", false), ("marketing", true)));

        Assert.AreEqual((2, 0), Totals(await Api.StatsAsync(siteA, keyA), "analytics"));
        Assert.AreEqual((0, 1), Totals(await Api.StatsAsync(siteB, keyB), "analytics"));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(367)]
    [DataRow(-1)]
    public async Task Stats_DaysOutOfRange_Answers400(int days)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/stats?days={days}", key);

        await ProblemAssert.IsValidationProblemAsync(response, "days");
    }

    private static (long OptIns, long OptOuts) Totals(SiteStats stats, string category) =>
        (stats.Days.Where(d => d.Category == category).Sum(d => d.OptIns), stats.Days.Where(d => d.Category == category).Sum(d => d.OptOuts));
}
