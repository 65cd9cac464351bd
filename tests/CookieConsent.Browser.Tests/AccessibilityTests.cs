using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>
/// axe-core audits of every consent page. axe needs JavaScript, so it runs in a separate, script-enabled context of
/// the same browser; the pages themselves carry no script.
/// </summary>
[TestClass]
public sealed class AccessibilityTests : BrowserTest
{
    [TestMethod]
    public async Task ShopBanner_HasNoAxeViolations()
    {
        var page = await NewScriptedPageAsync();
        await GotoAsync(page, Shop());
        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "shop banner");
    }

    [TestMethod]
    public async Task ShopConfirmation_HasNoAxeViolations()
    {
        var page = await NewScriptedPageAsync();
        await GotoAsync(page, Shop());
        await SubmitAsync(page, Button(page, "Accept all"));
        await Assertions.Expect(Confirmation(page)).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "shop confirmation");
    }

    [TestMethod]
    public async Task ShopCookieSettings_HasNoAxeViolations()
    {
        var page = await NewScriptedPageAsync();
        await GotoAsync(page, Shop("/cookie-settings"));
        await Assertions.Expect(page.Locator("section.cc-preferences")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "shop cookie settings");
    }

    [TestMethod]
    public async Task ShopDoNotSell_HasNoAxeViolations()
    {
        var page = await NewScriptedPageAsync();
        await GotoAsync(page, Shop("/do-not-sell"));
        await Assertions.Expect(page.Locator("section.cc-do-not-sell")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "shop do-not-sell");
    }

    [TestMethod]
    public async Task ShopPrivacyPage_HasNoAxeViolations()
    {
        var page = await NewScriptedPageAsync();
        await GotoAsync(page, Shop("/privacy"));
        await AssertNoViolationsAsync(page, "shop privacy page");
    }

    [TestMethod]
    public async Task HostedPreferences_HasNoAxeViolations()
    {
        var page = await NewScriptedPageAsync();
        await GotoAsync(page, Hosted());
        await Assertions.Expect(page.Locator("section.cc-preferences")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "hosted preferences");
    }

    [TestMethod]
    public async Task HostedDoNotSell_HasNoAxeViolations()
    {
        var page = await NewScriptedPageAsync();
        await GotoAsync(page, Hosted("/do-not-sell"));
        await Assertions.Expect(page.Locator("section.cc-do-not-sell")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "hosted do-not-sell");
    }

    [TestMethod]
    public async Task PagesWithSignalNotices_HaveNoAxeViolations()
    {
        var page = await NewScriptedPageAsync(new Dictionary<string, string> { ["DNT"] = "1", ["Sec-GPC"] = "1" });
        foreach (var url in new[] { Shop(), Shop("/cookie-settings"), Shop("/do-not-sell"), Hosted(), Hosted("/do-not-sell") })
        {
            await GotoAsync(page, url);
            await Assertions.Expect(page.Locator(".cc-notice--signal").First).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page, "page with DNT and GPC notices");
        }
    }

    [TestMethod]
    public async Task Audit_ReportsViolations_OnAPageWithKnownProblems()
    {
        // Proves the audit really runs: an image without alt text and a nameless button must be reported.
        var page = await NewScriptedPageAsync();
        await page.RouteAsync("http://broken.example/", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!DOCTYPE html><html lang=\"en\"><title>Broken</title><main><img src=\"x.png\"><button></button></main></html>",
        }));
        await GotoAsync(page, "http://broken.example/");

        var violations = await AxeCore.AuditAsync(page, CancellationToken);

        Assert.IsTrue(violations.Any(v => v.StartsWith("image-alt", StringComparison.Ordinal)), string.Join('\n', violations));
        Assert.IsTrue(violations.Any(v => v.StartsWith("button-name", StringComparison.Ordinal)), string.Join('\n', violations));
    }

    private async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await AxeCore.AuditAsync(page, CancellationToken);
        Assert.AreEqual(0, violations.Count, $"axe-core on the {what} ({page.Url}):\n{string.Join('\n', violations)}");
    }
}
