using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>The consent forms operated with the keyboard alone.</summary>
[TestClass]
public sealed class KeyboardTests : BrowserTest
{
    private const int MaxTabs = 10;

    [TestMethod]
    public async Task Tab_ReachesBothBannerButtons_AndEnterRecordsTheChoice()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop("/products/notebook"));

        await TabUntilFocusedAsync(page, Button(page, "Accept all"));
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Button(page, "Reject all")).ToBeFocusedAsync();

        var response = await PressEnterAsync(page);

        Assert.AreEqual("POST", response.Request.RedirectedFrom?.Method);
        Assert.AreEqual(Shop("/products/notebook"), page.Url);
        await Assertions.Expect(Confirmation(page)).ToContainTextAsync("You've rejected additional cookies.");
        await GotoAsync(page, Shop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToContainTextAsync("You refused it.");
    }

    [TestMethod]
    public async Task Enter_OnAcceptAll_RecordsAcceptance()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop());

        await TabUntilFocusedAsync(page, Button(page, "Accept all"));
        await PressEnterAsync(page);

        await Assertions.Expect(Confirmation(page)).ToContainTextAsync("You've accepted additional cookies.");
        await Assertions.Expect(AnalyticsSnippet(page)).ToHaveCountAsync(1);
    }

    [TestMethod]
    public async Task Keyboard_ChoosesPerCategoryOnTheCookieSettingsPage()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop("/cookie-settings"));

        // Tab into each yes/no group, pick with the arrow keys and Space, then Tab on to the Save button.
        await TabUntilFocusedAsync(page, page.Locator("#cc-category-analytics-yes"));
        await page.Keyboard.PressAsync("Space");
        await TabUntilFocusedAsync(page, page.Locator("#cc-category-marketing-yes"));
        await page.Keyboard.PressAsync("ArrowRight");
        await TabUntilFocusedAsync(page, page.Locator("#cc-category-preferences-yes"));
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#cc-category-analytics-yes")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#cc-category-marketing-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#cc-category-preferences-no")).ToBeCheckedAsync();
        await TabUntilFocusedAsync(page, Button(page, "Save cookie settings"));
        await PressEnterAsync(page);

        await Assertions.Expect(Confirmation(page)).ToContainTextAsync("You've saved your cookie settings.");
        await Assertions.Expect(AnalyticsSnippet(page)).ToHaveCountAsync(1);
        Assert.AreEqual(0, await MarketingPixel(page).CountAsync());
    }

    private static async Task TabUntilFocusedAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < MaxTabs * 3; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {target}.");
    }
}
