using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>The consent server's own pages, with JavaScript off.</summary>
[TestClass]
public sealed class HostedPagesTests : BrowserTest
{
    [TestMethod]
    public async Task HostedPreferences_SaveWithoutScript_AndForbidEveryScript()
    {
        var page = await NewPageAsync();
        var response = await GotoAsync(page, Hosted("?returnUrl=" + Uri.EscapeDataString(Shop("/privacy"))));
        AssertStrictCsp(await response.HeaderValueAsync("content-security-policy"));
        Assert.AreEqual(0, await page.Locator("script").CountAsync());
        // Nothing is preselected that the visitor did not choose.
        Assert.AreEqual(0, await page.Locator("input[type=radio]:checked").CountAsync());

        await page.Locator("#cc-category-analytics-yes").CheckAsync();
        await page.Locator("#cc-category-marketing-no").CheckAsync();
        await page.Locator("#cc-category-preferences-no").CheckAsync();
        var saved = await SubmitAsync(page, Button(page, "Save cookie settings"));

        Assert.AreEqual("POST", saved.Request.RedirectedFrom?.Method);
        Assert.AreEqual(Shop("/privacy"), page.Url, "back to the site, an allowed return host");

        var again = await GotoAsync(page, Hosted());
        AssertStrictCsp(await again.HeaderValueAsync("content-security-policy"));
        await Assertions.Expect(Confirmation(page)).ToContainTextAsync("You've saved your cookie settings.");
        await Assertions.Expect(page.Locator("#cc-category-analytics-yes")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#cc-category-marketing-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#cc-category-preferences-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("a.cc-receipt__link")).ToBeVisibleAsync();
    }

    [TestMethod]
    public async Task HostedDoNotSell_OneButtonOptsOut_AndForbidsEveryScript()
    {
        var page = await NewPageAsync();
        var response = await GotoAsync(page, Hosted("/do-not-sell?returnUrl=" + Uri.EscapeDataString($"/consent/{BrowserEnvironment.SiteId}/do-not-sell")));
        AssertStrictCsp(await response.HeaderValueAsync("content-security-policy"));
        Assert.AreEqual(0, await page.Locator("script").CountAsync());
        await Assertions.Expect(page.Locator(".cc-do-not-sell__done")).ToHaveCountAsync(0);

        await SubmitAsync(page, Button(page, "Do not sell or share my personal information"));

        Assert.AreEqual(Hosted("/do-not-sell"), page.Url);
        await Assertions.Expect(page.Locator(".cc-do-not-sell__done")).ToContainTextAsync("You have opted out");
        await GotoAsync(page, Hosted());
        await Assertions.Expect(page.Locator("#cc-category-marketing-no")).ToBeCheckedAsync();
    }

    [TestMethod]
    public async Task HostedPages_WithGlobalPrivacyControl_SayTheSignalIsHonored()
    {
        var page = await NewPageAsync(new Dictionary<string, string> { ["Sec-GPC"] = "1" });

        await GotoAsync(page, Hosted());
        await Assertions.Expect(page.Locator("#cc-preferences-gpc")).ToContainTextAsync("Opt-out preference signal honored");
        await Assertions.Expect(page.Locator("#cc-category-marketing")).ToContainTextAsync("Refused: opt-out preference signal honored");

        await GotoAsync(page, Hosted("/do-not-sell"));
        await Assertions.Expect(page.Locator("#cc-do-not-sell-gpc")).ToContainTextAsync("Opt-out preference signal honored");
    }

    [TestMethod]
    public async Task HostedPage_WithoutAntiforgeryToken_ChangesNothing()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Hosted());
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("decision", "accept-all");

        var posted = await page.Context.APIRequest.PostAsync(Hosted(), new() { Form = form, MaxRedirects = 0 });

        Assert.AreEqual(400, posted.Status);
        await GotoAsync(page, Hosted());
        Assert.AreEqual(0, await page.Locator("input[type=radio]:checked").CountAsync(), "no choice was recorded");
    }

    private static void AssertStrictCsp(string? policy)
    {
        Assert.IsNotNull(policy, "Content-Security-Policy header");
        StringAssert.Contains(policy, "script-src 'none'");
        StringAssert.Contains(policy, "default-src 'self'");
    }
}
