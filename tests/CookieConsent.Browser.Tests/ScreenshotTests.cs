using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>
/// A screenshot of each consent page, with JavaScript off, saved under the project's test results (<c>TestResults/screenshots/</c>). With
/// <c>COOKIECONSENT_UPDATE_DOCS_IMAGES=1</c> they also replace the README's images in <c>docs/images/</c>.
/// </summary>
[TestClass]
public sealed class ScreenshotTests : BrowserTest
{
    [TestMethod]
    public async Task Screenshots_OfEveryConsentPage()
    {
        var page = await NewPageAsync();

        await GotoAsync(page, Shop());
        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
        await SaveAsync(page, "banner", fullPage: false);

        await SubmitAsync(page, Button(page, "Accept all"));
        await Assertions.Expect(Confirmation(page)).ToBeVisibleAsync();
        await SaveAsync(page, "confirmation", fullPage: false);

        await GotoAsync(page, Shop("/cookie-settings"));
        await Assertions.Expect(page.Locator("section.cc-preferences")).ToBeVisibleAsync();
        await SaveAsync(page, "preferences", fullPage: true);

        await GotoAsync(page, Shop("/do-not-sell"));
        await Assertions.Expect(page.Locator("section.cc-do-not-sell")).ToBeVisibleAsync();
        await SaveAsync(page, "do-not-sell", fullPage: true);

        await GotoAsync(page, Shop("/privacy"));
        await SaveAsync(page, "your-privacy", fullPage: true);

        await GotoAsync(page, Hosted("?returnUrl=" + Uri.EscapeDataString(Shop("/"))));
        await Assertions.Expect(page.Locator("section.cc-preferences")).ToBeVisibleAsync();
        await SaveAsync(page, "hosted-preferences", fullPage: true);

        await GotoAsync(page, Hosted("/do-not-sell?returnUrl=" + Uri.EscapeDataString(Shop("/"))));
        await Assertions.Expect(page.Locator("section.cc-do-not-sell")).ToBeVisibleAsync();
        await SaveAsync(page, "hosted-do-not-sell", fullPage: true);

        var gpc = await NewPageAsync(new Dictionary<string, string> { ["Sec-GPC"] = "1" });
        await GotoAsync(gpc, Shop());
        await Assertions.Expect(gpc.Locator("#cc-banner-gpc")).ToBeVisibleAsync();
        await SaveAsync(gpc, "banner-gpc", fullPage: false);
    }

    private readonly Dictionary<string, string> _pixelHashes = [];

    private async Task SaveAsync(IPage page, string name, bool fullPage)
    {
        var image = await Screenshots.SaveAsync(page, name, fullPage, TestContext);
        // Each step shows a different page (or state): a screenshot identical to an earlier one means it did not change.
        var same = _pixelHashes.FirstOrDefault(h => h.Value == image.PixelHash).Key;
        Assert.IsNull(same, $"{name} looks exactly like {same}");
        _pixelHashes[name] = image.PixelHash;
    }
}
