using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>Forged form posts and hostile return URLs.</summary>
[TestClass]
public sealed class FormSecurityTests : BrowserTest
{
    private const string EvilOrigin = "http://evil.example";

    [TestMethod]
    public async Task CrossSiteFormPost_WithoutAntiforgeryToken_ChangesNothing()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop());
        await SubmitAsync(page, Button(page, "Reject all"));

        // A page on another origin with a form that tries to accept everything on the visitor's behalf.
        await page.RouteAsync(EvilOrigin + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"""
                <!DOCTYPE html><html lang="en"><title>Win a prize</title>
                <form method="post" action="{Shop("/consent/choices")}">
                <input type="hidden" name="returnUrl" value="/">
                <button type="submit" name="decision" value="accept-all">Claim your prize</button></form></html>
                """,
        }));
        await GotoAsync(page, EvilOrigin + "/prize");
        var forged = await SubmitAsync(page, Button(page, "Claim your prize"));
        Assert.AreEqual(400, forged.Status, "the forged post is refused");

        // The same post from the visitor's own cookie jar, still without a token.
        var direct = await page.Context.APIRequest.PostAsync(Shop("/consent/choices"), new APIRequestContextOptions
        {
            Form = FormOf(page, ("decision", "accept-all"), ("returnUrl", "/")),
            MaxRedirects = 0,
        });
        Assert.AreEqual(400, direct.Status, "a post with the cookies but without the token is refused");

        await GotoAsync(page, Shop("/privacy"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.AreEqual(0, await AnalyticsSnippet(page).CountAsync());
        Assert.AreEqual(0, await MarketingPixel(page).CountAsync());
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToContainTextAsync("You refused it.");
    }

    [TestMethod]
    public async Task CrossSiteFormPost_OnFirstVisit_RecordsNoChoice()
    {
        var page = await NewPageAsync();
        await page.RouteAsync(EvilOrigin + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"""
                <!DOCTYPE html><html lang="en"><title>Win a prize</title>
                <form method="post" action="{Shop("/consent/choices")}">
                <button type="submit" name="decision" value="accept-all">Claim your prize</button></form></html>
                """,
        }));
        await GotoAsync(page, EvilOrigin + "/prize");
        var forged = await SubmitAsync(page, Button(page, "Claim your prize"));
        Assert.AreEqual(400, forged.Status);

        await GotoAsync(page, Shop());
        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
        Assert.AreEqual(0, await AnalyticsSnippet(page).CountAsync());
        CollectionAssert.DoesNotContain((await CookieNamesAsync(page)).ToList(), "cc_consent");
    }

    [TestMethod]
    [DataRow("//evil.example")]
    [DataRow("https://evil.example")]
    [DataRow("https:evil.example")]
    [DataRow("/\\evil.example")]
    [DataRow("%2F%2Fevil.example")]
    [DataRow("javascript:alert(1)")]
    public async Task ForeignReturnUrl_OnTheShop_LandsOnTheSiteRoot(string returnUrl)
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop("/products/notebook"));
        var token = await page.Locator("section.cc-banner input[name=__RequestVerificationToken]").GetAttributeAsync("value");

        // The banner form as an attacker would tamper with it: same origin, valid token, hostile return URL.
        await page.RouteAsync(Shop("/tampered-form"), route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"""
                <!DOCTYPE html><html lang="en"><title>Tampered</title>
                <form method="post" action="/consent/choices">
                <input type="hidden" name="__RequestVerificationToken" value="{token}">
                <input type="hidden" name="returnUrl" value="{System.Net.WebUtility.HtmlEncode(returnUrl)}">
                <button type="submit" name="decision" value="reject-all">Reject all</button></form></html>
                """,
        }));
        await GotoAsync(page, Shop("/tampered-form"));
        var response = await SubmitAsync(page, Button(page, "Reject all"));

        Assert.AreEqual(200, response.Status);
        Assert.AreEqual(Shop("/"), page.Url, $"returnUrl {returnUrl}");
        await Assertions.Expect(Confirmation(page)).ToContainTextAsync("You've rejected additional cookies.");
    }

    [TestMethod]
    [DataRow("//evil.example")]
    [DataRow("https://evil.example")]
    [DataRow("/\\evil.example")]
    public async Task ForeignReturnUrl_OnTheHostedPage_LandsOnTheSitesHomeUrl(string returnUrl)
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Hosted("?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        var field = await page.Locator("form.cc-preferences__form input[name=returnUrl]").GetAttributeAsync("value");
        Assert.IsFalse(field!.Contains("evil", StringComparison.Ordinal), $"the form carries '{field}'");

        var token = await page.Locator("form.cc-preferences__form input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var posted = await page.Context.APIRequest.PostAsync(Hosted(), new APIRequestContextOptions
        {
            Form = FormOf(page, ("__RequestVerificationToken", token!), ("decision", "reject-all"), ("returnUrl", returnUrl)),
            MaxRedirects = 0,
        });

        Assert.AreEqual(303, posted.Status);
        // The site's home URL, which the sample sets to the shop (no longer its first allowed host, which does not answer).
        Assert.AreEqual(Shop("/"), posted.Headers["location"]);
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return form;
    }
}
