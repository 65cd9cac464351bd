using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>
/// "Limit the Use of My Sensitive Personal Information" on the shop's Californian (opt-out) variant, JavaScript off: a
/// second shop process registers its own site in the opt-out regime, with a sensitive category.
/// </summary>
[TestClass]
public sealed class LimitTests : BrowserTest
{
    private const string SiteId = "sample-shop-ca";

    private static ServerProcess? _shop;

    private static string CaShop(string path = "/") => (_shop ?? throw new InvalidOperationException("The shop did not start.")).Url + path;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _shop = ServerProcess.Start("sample shop (opt-out)",
            Paths.BuiltDll("samples/SampleShop", "SampleShop"),
            Path.Combine(Paths.RepositoryRoot, "samples", "SampleShop"),
            FreePort.Next(),
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["CookieConsent__ServerUrl"] = BrowserEnvironment.ServerUrl,
                ["CookieConsent__SiteId"] = SiteId,
                ["SampleShop__AdminKey"] = BrowserEnvironment.AdminKey,
                ["SampleShop__Regime"] = "opt-out",
                ["CookieConsent__Timeout"] = "00:00:15",
                ["CookieConsent__AttemptTimeout"] = "00:00:05",
                ["Logging__LogLevel__Default"] = "Warning",
            });
        await _shop.WaitUntilReadyAsync("/", TimeSpan.FromSeconds(90), context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (_shop is not null)
        {
            await _shop.DisposeAsync();
            _shop = null;
        }
    }

    [TestMethod]
    public async Task LimitOnThePrivacyPage_RefusesPreciseLocation_KeepsTheRest_AndTheFooterSaysSo()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, CaShop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=location]")).ToHaveAttributeAsync("data-allowed", "yes");
        await Assertions.Expect(page.Locator(".cc-limit__categories [data-category=location]")).ToHaveTextAsync("Precise location");
        await Assertions.Expect(page.Locator(".cc-privacy-status")).ToHaveCountAsync(0);

        await SubmitAsync(page, Button(page, "Limit the use of my sensitive personal information"));

        await GotoAsync(page, CaShop("/privacy"));
        await Assertions.Expect(page.Locator(".cc-limit__done")).ToHaveTextAsync("You have limited the use of your sensitive personal information.");
        await Assertions.Expect(page.Locator("tr[data-category=location]")).ToHaveAttributeAsync("data-allowed", "no");
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToHaveAttributeAsync("data-allowed", "yes");
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-allowed", "yes");
        await Assertions.Expect(page.Locator("footer .cc-privacy-status")).ToContainTextAsync("Limit request honored");
        await Assertions.Expect(page.Locator("footer a[href='/limit']")).ToBeVisibleAsync();

        await SubmitAsync(page, Button(page, "Stop limiting the use"));
        await GotoAsync(page, CaShop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=location]")).ToHaveAttributeAsync("data-allowed", "yes");
        await Assertions.Expect(page.Locator(".cc-privacy-status")).ToHaveCountAsync(0);
    }

    [TestMethod]
    public async Task HostedLimitPage_WorksWithoutScript_AndTheOptInShopHasNone()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, $"{BrowserEnvironment.ServerUrl}/consent/{SiteId}/limit");
        await SubmitAsync(page, Button(page, "Limit the use of my sensitive personal information"));
        await GotoAsync(page, $"{BrowserEnvironment.ServerUrl}/consent/{SiteId}/limit");
        await Assertions.Expect(page.Locator(".cc-limit__done")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("footer .cc-privacy-status")).ToContainTextAsync("Limit request honored");

        var missing = await page.GotoAsync(Hosted("/limit"));
        Assert.AreEqual(404, missing!.Status, "the opt-in shop owes no limit page");
        await GotoAsync(page, Shop("/privacy"));
        await Assertions.Expect(page.Locator(".cc-limit")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("footer a[href='/limit']")).ToHaveCountAsync(0);
    }
}
