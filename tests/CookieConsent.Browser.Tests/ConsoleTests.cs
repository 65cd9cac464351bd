using System.Globalization;
using System.Net;
using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>The operator console at <c>/admin</c>, driven by a person with JavaScript off; every change checked through the API.</summary>
[TestClass]
public sealed class ConsoleTests : BrowserTest
{
    [TestMethod]
    public async Task AnOperator_RunsASiteEndToEnd_FromTheConsole_WithoutScript()
    {
        using var api = new ConsentServerApi(CancellationToken);
        var site = "walk-" + Guid.NewGuid().ToString("N")[..8];
        var page = await NewPageAsync();

        // Sign in.
        await page.GotoAsync(Console("/sites"));
        Assert.AreEqual(Console("/sign-in"), page.Url, "a page without a session asks to sign in");
        Assert.AreEqual(0, await page.Locator("script").CountAsync());
        await page.Locator("#f-adminKey").FillAsync(BrowserEnvironment.AdminKey);
        await SubmitAsync(page, Button(page, "Sign in"));
        Assert.AreEqual(Console("/sites"), page.Url);

        // Create a site with one category.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create site" }).ClickAsync();
        await page.Locator("#f-siteId").FillAsync(site);
        await page.Locator("#f-displayName").FillAsync("Walk shop");
        await page.Locator("#f-allowedReturnHosts").FillAsync("walk.example");
        await page.Locator("#f-categories-0-id").FillAsync("necessary");
        await page.Locator("#f-categories-0-required").CheckAsync();
        await page.Locator("#f-categories-0-texts-en-name").FillAsync("Necessary");
        await page.Locator("#f-categories-0-texts-en-description").FillAsync("Keeps the basket.");
        await SubmitAsync(page, Button(page, "Create site"));
        await Assertions.Expect(page.Locator(".cx-success")).ToHaveTextAsync("Saved.");
        Assert.AreEqual("Walk shop", (await api.GetSiteAsync(site)).GetProperty("displayName").GetString());

        // Add a category with texts in two locales.
        await page.Locator("#f-categories-1-id").FillAsync("analytics");
        await page.Locator("#f-categories-1-cookies").FillAsync("_ga*");
        await page.Locator("#f-categories-1-texts-en-name").FillAsync("Analytics");
        await page.Locator("#f-categories-1-texts-en-description").FillAsync("Counts visits.");
        await page.Locator("#f-categories-1-texts-de-name").FillAsync("Statistik");
        await page.Locator("#f-categories-1-texts-de-description").FillAsync("Zählt Besuche.");
        await SubmitAsync(page, Button(page, "Save site"));
        await Assertions.Expect(page.Locator(".cx-success")).ToHaveTextAsync("Saved.");
        var analytics = (await api.GetSiteAsync(site)).GetProperty("categories")[1];
        Assert.AreEqual("analytics", analytics.GetProperty("id").GetString());
        Assert.AreEqual("Statistik", analytics.GetProperty("texts").GetProperty("de").GetProperty("name").GetString());
        Assert.AreEqual("Counts visits.", analytics.GetProperty("texts").GetProperty("en").GetProperty("description").GetString());

        // Schedule a policy version: the date defaults to today + 14 days.
        await page.GetByRole(AriaRole.Link, new() { Name = "Policy versions" }).ClickAsync();
        var inTwoWeeks = DateTime.UtcNow.Date.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#f-effectiveFrom")).ToHaveValueAsync(inTwoWeeks);
        await page.GetByLabel("analytics", new() { Exact = true }).CheckAsync();
        await SubmitAsync(page, Button(page, "Schedule version"));
        await Assertions.Expect(page.Locator("tbody tr").First).ToContainTextAsync("Takes effect in 14 days");
        var version = (await api.GetSiteAsync(site)).GetProperty("policyVersions").EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 2);
        StringAssert.StartsWith(version.GetProperty("effectiveFrom").GetString(), inTwoWeeks);
        Assert.AreEqual("analytics", version.GetProperty("changedCategories")[0].GetString());

        // Create a key (shown once, read-only), use it, and a second one; then revoke the first.
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await SubmitAsync(page, Button(page, "Create a key"));
        var first = await page.Locator("#f-newKey").InputValueAsync();
        Assert.IsTrue(await page.Locator("#f-newKey").IsEditableAsync() == false, "read-only");
        var visitor = ConsentServerApi.NewVisitor();
        Assert.AreEqual(HttpStatusCode.OK, await api.RecordAsync(site, first, visitor, """{"analytics": true}"""));
        await SubmitAsync(page, Button(page, "Create a key"));
        var second = await page.Locator("#f-newKey").InputValueAsync();
        Assert.AreNotEqual(first, second);
        var firstId = first.Split('.')[2];
        await page.GetByRole(AriaRole.Link, new() { Name = $"Revoke key {firstId}" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Revoke key {firstId}?");
        Assert.AreEqual(HttpStatusCode.OK, await api.ConsentStatusAsync(site, first, visitor), "asking revokes nothing");
        await SubmitAsync(page, Button(page, "Revoke key"));
        Assert.AreEqual(HttpStatusCode.Unauthorized, await api.ConsentStatusAsync(site, first, visitor));
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);

        // Look up the visitor recorded through the API, and erase them.
        await page.GetByRole(AriaRole.Link, new() { Name = "Visitors" }).ClickAsync();
        await page.Locator("#f-visitor").FillAsync(visitor);
        // A GET form: the visitor id is looked up, nothing posted.
        await page.RunAndWaitForResponseAsync(() => Button(page, "Look up").ClickAsync(), r => r.Url.Contains("visitor=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("table").First.Locator("tbody tr", new() { HasText = "analytics" }))
            .ToContainTextAsync("the visitor's own choice");
        Assert.AreEqual(1, await api.ReceiptCountAsync(site, second, visitor));
        await page.GetByRole(AriaRole.Link, new() { Name = "Erase this visitor" }).ClickAsync();
        await SubmitAsync(page, Button(page, "Erase"));
        await Assertions.Expect(page.Locator(".cx-success")).ToContainTextAsync("erased");
        Assert.AreEqual(1, await api.ReceiptCountAsync(site, second, visitor), "the receipts are gone; the erasure itself is the one left");

        // Every change is in the audit log, under this console session.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        var actions = await page.Locator("tbody tr td:nth-child(3)").AllTextContentsAsync();
        CollectionAssert.AreEqual(
            new[] { "visitor.erased", "key.revoked", "key.created", "key.created", "policy.scheduled", "site.changed", "site.created" },
            actions.ToArray());
        var actors = await page.Locator("tbody tr td:nth-child(2)").AllTextContentsAsync();
        Assert.AreEqual(1, actors.Distinct().Count());
        StringAssert.StartsWith(actors[0], "console:");
        Assert.AreEqual(0, await page.Locator("main form").CountAsync(), "the log cannot be edited");
        Assert.AreEqual(0, await page.Locator("script").CountAsync());

        await SubmitAsync(page, Button(page, "Sign out"));
        await page.GotoAsync(Console("/sites"));
        Assert.AreEqual(Console("/sign-in"), page.Url);
    }

    internal static string Console(string path = "") => BrowserEnvironment.ServerUrl + "/admin" + path;
}
