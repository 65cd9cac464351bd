using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>
/// axe-core on every console page (in a separate script-enabled context; the pages carry no script), and the console's
/// screenshots for the README.
/// </summary>
[TestClass]
public sealed class ConsoleAccessibilityTests : BrowserTest
{
    [TestMethod]
    public async Task EveryConsolePage_HasNoAxeViolations()
    {
        using var api = new ConsentServerApi(CancellationToken);
        var (site, key, visitor) = await SiteWithVisitorsAsync(api);
        var page = await NewScriptedPageAsync();

        await GotoAsync(page, ConsoleTests.Console("/sign-in"));
        await AssertNoViolationsAsync(page, "sign-in");
        await page.Locator("#f-adminKey").FillAsync("wrong");
        await SubmitAsync(page, Button(page, "Sign in"));
        await AssertNoViolationsAsync(page, "sign-in with an error");
        await page.Locator("#f-adminKey").FillAsync(BrowserEnvironment.AdminKey);
        await SubmitAsync(page, Button(page, "Sign in"));

        foreach (var (path, what) in new[]
                 {
                     ("/sites", "site list"), ("/sites/new", "new site"), ($"/sites/{site}", "site settings"),
                     ($"/sites/{site}/preview?locale=de", "preview"), ($"/sites/{site}/policy", "policy versions"),
                     ($"/sites/{site}/keys", "keys"), ($"/sites/{site}/keys/{key.Split('.')[2]}/revoke", "revoke confirmation"),
                     ($"/sites/{site}/stats?days=7", "statistics"), ($"/sites/{site}/visitors?visitor={visitor}", "visitor"),
                     ($"/sites/{site}/visitors/{visitor}/erase", "erase confirmation"), ($"/sites/{site}/audit", "audit log"),
                 })
        {
            await GotoAsync(page, ConsoleTests.Console(path));
            await AssertNoViolationsAsync(page, what);
        }

        await GotoAsync(page, ConsoleTests.Console($"/sites/{site}"));
        await page.Locator("#f-consentLifetimeDays").FillAsync("999");
        await page.Locator("#f-categories-1-id").FillAsync("Not An Id");
        await SubmitAsync(page, Button(page, "Save site"));
        await Assertions.Expect(page.Locator(".cx-summary")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "site settings with errors");

        await GotoAsync(page, ConsoleTests.Console($"/sites/{site}/keys"));
        await SubmitAsync(page, Button(page, "Create a key"));
        await AssertNoViolationsAsync(page, "new key");
    }

    [TestMethod]
    public async Task Screenshots_OfTheConsole()
    {
        using var api = new ConsentServerApi(CancellationToken);
        var (site, _, _) = await SiteWithVisitorsAsync(api);
        var page = await NewPageAsync();
        await GotoAsync(page, ConsoleTests.Console("/sign-in"));
        await page.Locator("#f-adminKey").FillAsync(BrowserEnvironment.AdminKey);
        await SubmitAsync(page, Button(page, "Sign in"));

        await GotoAsync(page, ConsoleTests.Console($"/sites/{site}"));
        await Screenshots.SaveAsync(page, "console-site", fullPage: false, TestContext);
        await GotoAsync(page, ConsoleTests.Console($"/sites/{site}/stats?days=7"));
        await Assertions.Expect(page.Locator("svg.cx-chart").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "console-statistics", fullPage: false, TestContext);
    }

    // A site of its own with a few choices recorded today, so the charts, tables and visitor pages have something to show.
    private static async Task<(string Site, string Key, string Visitor)> SiteWithVisitorsAsync(ConsentServerApi api)
    {
        var site = "console-a11y-" + Guid.NewGuid().ToString("N")[..8];
        await api.PutSiteAsync(site, """
            {
              "displayName": "Example Shop",
              "categories": [
                {"id": "necessary", "required": true, "saleOrSharing": false, "cookies": ["session"],
                 "texts": {"en": {"name": "Strictly necessary", "description": "Basket and sign-in."},
                           "de": {"name": "Unbedingt erforderlich", "description": "Warenkorb und Anmeldung."}}},
                {"id": "analytics", "required": false, "saleOrSharing": false, "cookies": ["_ga*"],
                 "texts": {"en": {"name": "Analytics", "description": "Counts visits so we can improve the shop."},
                           "de": {"name": "Statistik", "description": "Zählt Besuche, damit wir den Shop verbessern können."}}},
                {"id": "marketing", "required": false, "saleOrSharing": true, "cookies": ["_fbp"],
                 "texts": {"en": {"name": "Marketing", "description": "Ads with our partners."},
                           "de": {"name": "Marketing", "description": "Werbung mit unseren Partnern."}}}
              ],
              "policyVersions": [{"version": 1, "effectiveFrom": "2026-01-01T00:00:00Z", "changedCategories": []}],
              "allowedReturnHosts": ["shop.example"]
            }
            """);
        var key = await api.CreateKeyAsync(site);
        var visitor = ConsentServerApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, """{"analytics": true, "marketing": false}""");
        await api.RecordAsync(site, key, ConsentServerApi.NewVisitor(), """{"analytics": true, "marketing": true}""");
        await api.RecordAsync(site, key, ConsentServerApi.NewVisitor(), """{"analytics": false, "marketing": false}""");
        return (site, key, visitor);
    }

    private async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await AxeCore.AuditAsync(page, CancellationToken);
        Assert.AreEqual(0, violations.Count, $"axe-core on the console's {what} ({page.Url}):\n{string.Join('\n', violations)}");
    }
}
