using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>
/// One opt-out for every client site of a service, JavaScript off, third-party cookies blocked: two shops of one service
/// on hosts of their own (shop-a.test, shop-b.test, resolved to loopback by Chromium), the consent server on a third.
/// </summary>
[TestClass]
public sealed class ServiceSyncTests : BrowserTest
{
    private const string Service = "svc-browser";
    private const string SiteA = "svc-shop-a";
    private const string SiteB = "svc-shop-b";

    private static ServerProcess? _shopA;
    private static ServerProcess? _shopB;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private static int _portA;
    private static int _portB;

    private static string ShopA(string path = "/") => $"http://shop-a.test:{_portA}{path}";

    private static string ShopB(string path = "/") => $"http://shop-b.test:{_portB}{path}";

    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP shop-a.test 127.0.0.1, MAP shop-b.test 127.0.0.1",
        // Third-party cookies off, as browsers are heading: the flow must not need them.
        "--test-third-party-cookie-phaseout",
    ];

    private static string OptOutPage => $"{BrowserEnvironment.ServerUrl}/optout/{Service}";

    [ClassInitialize]
    public static async Task StartShopsAsync(TestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        (_portA, _portB) = (FreePort.Next(), FreePort.Next());
        // One after the other: each shop adds its site to the service on start.
        _shopA = await StartShopAsync(SiteA, _portA, "shop-a.test", context.CancellationToken);
        _shopB = await StartShopAsync(SiteB, _portB, "shop-b.test", context.CancellationToken);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserEnvironment.ChromiumPath,
            Headless = true,
            Args = LaunchArgs,
        });
    }

    [ClassCleanup]
    public static async Task StopShopsAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_shopA is not null)
        {
            await _shopA.DisposeAsync();
        }
        if (_shopB is not null)
        {
            await _shopB.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task OptOutOnce_BothSitesEndWithServiceOptOut_AfterOneRoundTripEach_AndNoTracking()
    {
        var page = await NewServicePageAsync();
        await OptOutAsync(page);

        foreach (var (home, privacy) in new[] { (ShopA(), ShopA("/privacy")), (ShopB(), ShopB("/privacy")) })
        {
            var first = await GotoAsync(page, home);
            var hops = Redirects(first);
            Assert.AreEqual(2, hops.Count, "one round trip: site → /sync → site\n" + string.Join("\n", hops));
            StringAssert.Contains(hops[1], "/sync/", "the middle hop is the consent server's sync");
            Assert.AreEqual(0, await AnalyticsSnippet(page).CountAsync(), "analytics markup after the service opt-out");
            Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), "marketing markup after the service opt-out");

            var again = await GotoAsync(page, privacy);
            Assert.AreEqual(0, Redirects(again).Count, "no second bounce within the sync lifetime");
            foreach (var category in new[] { "analytics", "marketing" })
            {
                var row = page.Locator($"tr[data-category={category}]");
                await Assertions.Expect(row).ToHaveAttributeAsync("data-allowed", "no");
                await Assertions.Expect(row).ToHaveAttributeAsync("data-reason", "ServiceOptOut");
            }
            // Not covered by the service: still the site's own question.
            await Assertions.Expect(page.Locator("tr[data-category=preferences]")).ToHaveAttributeAsync("data-reason", "NoConsent");
        }
    }

    [TestMethod]
    public async Task OptBackIn_TheNextSyncWithdrawsTheServiceRefusals_AndTheSiteAsksAgain()
    {
        var page = await NewServicePageAsync();
        await OptOutAsync(page);
        await GotoAsync(page, ShopA("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-reason", "ServiceOptOut");

        await GotoAsync(page, OptOutPage);
        await SubmitAsync(page, Button(page, "Opt back in"));
        await Assertions.Expect(page.Locator(".cc-status")).ToContainTextAsync("You have not opted out");

        // The sync lifetime passes (its marker cookie expires).
        await page.Context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = "cc_sync_" + SiteA });
        var back = await GotoAsync(page, ShopA("/privacy"));
        Assert.AreEqual(2, Redirects(back).Count, "one round trip to learn of the opt-in");
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-reason", "NoConsent");
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToHaveAttributeAsync("data-allowed", "no");
        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();

        // The site's own choice applies from now on.
        await SubmitAsync(page, Button(page, "Accept all"));
        await GotoAsync(page, ShopA("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-allowed", "yes");
    }

    [TestMethod]
    public async Task WithoutAnOptOut_TheVisitorLandsOnTheSite_WithTheBannerAndNoSecondBounce()
    {
        var page = await NewServicePageAsync();
        var first = await GotoAsync(page, ShopB("/products/notebook"));
        Assert.AreEqual(2, Redirects(first).Count);
        StringAssert.StartsWith(page.Url, ShopB("/products/notebook"), "back on the page asked for");
        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
        Assert.AreEqual(0, Redirects(await GotoAsync(page, ShopB())).Count, "bounced once per sync lifetime");
    }

    [TestMethod]
    public async Task ForgedState_IsRefused_TheVisitorLandsOnTheSite_AndIsNotBouncedAfterwards()
    {
        var page = await NewServicePageAsync();
        await OptOutAsync(page);
        var forged = await GotoAsync(page, ShopA("/privacy?cc_sync=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&cc_state=forged"));
        Assert.AreEqual(0, Redirects(forged).Count);
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-reason", "NoConsent");
        // The refused return counts as a try: no bounce until the retry interval passes, so no loop either.
        Assert.AreEqual(0, Redirects(await GotoAsync(page, ShopA())).Count);
    }

    [TestMethod]
    public async Task ReplayedReturn_ChangesNothing_AndDoesNotBounceAgain()
    {
        var page = await NewServicePageAsync();
        var first = await GotoAsync(page, ShopA("/privacy"));
        var returned = page.Url;
        StringAssert.Contains(returned, "cc_sync=");
        Assert.AreEqual(2, Redirects(first).Count);

        // The same code and state again (history, a shared link): the state is spent and the code is used.
        await OptOutAsync(page);
        var replay = await GotoAsync(page, returned);
        Assert.AreEqual(0, Redirects(replay).Count, "a replay never bounces");
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-reason", "NoConsent");
    }

    [TestMethod]
    public async Task DoNotSellOnTheHostedPage_ReachesTheShop_WhosePrivacyPageShowsMarketingDenied()
    {
        var page = await NewServicePageAsync();
        await GotoAsync(page, ShopA("/privacy"));
        await SubmitAsync(page, Button(page, "Accept all"));
        await GotoAsync(page, ShopA("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-allowed", "yes");

        // The shop's link goes through the SDK, which sends the visitor with a signed reference to the hosted page.
        var hosted = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#hosted-do-not-sell").ClickAsync(), r => r.Url.Contains($"/consent/{SiteA}/do-not-sell", StringComparison.Ordinal));
        Assert.AreEqual(200, hosted.Status);
        StringAssert.StartsWith(page.Url, $"{BrowserEnvironment.ServerUrl}/consent/{SiteA}/do-not-sell");
        StringAssert.Contains(page.Url, "cc_ref=", "the hosted page knows which visitor of the shop this is");

        var back = await SubmitAsync(page, Button(page, "Do not sell or share my personal information"));

        StringAssert.StartsWith(page.Url, ShopA("/privacy"), "back on the shop's page");
        Assert.AreEqual(200, back.Status);
        var marketing = page.Locator("tr[data-category=marketing]");
        await Assertions.Expect(marketing).ToHaveAttributeAsync("data-allowed", "no");
        await Assertions.Expect(marketing).ToHaveAttributeAsync("data-reason", "VisitorRefusal");
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToHaveAttributeAsync("data-allowed", "yes");
        Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), "no marketing markup once sale and sharing are refused");

        // The shop's own first-party cookie now carries the choice: a fresh visit says the same without the server's page.
        await GotoAsync(page, ShopA("/privacy"));
        await Assertions.Expect(marketing).ToHaveAttributeAsync("data-allowed", "no");
    }

    [TestMethod]
    public async Task BrowserThatRefusesAllCookies_IsBouncedAtMostOncePerPageLoad_AndNeverLoops()
    {
        // A real Chromium profile whose content setting blocks every cookie (first- and third-party), as a visitor sets
        // it under Settings → Privacy → "Block all cookies".
        var profile = Directory.CreateTempSubdirectory("cookieconsent-nocookies-");
        Directory.CreateDirectory(Path.Combine(profile.FullName, "Default"));
        await File.WriteAllTextAsync(Path.Combine(profile.FullName, "Default", "Preferences"),
            """{"profile":{"default_content_setting_values":{"cookies":2}}}""", TestContext.CancellationToken);
        var context = await (_playwright ?? throw new InvalidOperationException("Playwright did not start."))
            .Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = BrowserEnvironment.ChromiumPath,
                Headless = true,
                Args = LaunchArgs,
                JavaScriptEnabled = false,
                Locale = "en-GB",
            });
        try
        {
            context.SetDefaultTimeout(30_000);
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            var syncs = 0;
            page.Request += (_, request) =>
            {
                if (request.Url.Contains($"/sync/{SiteA}", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref syncs);
                }
            };

            // Typed in (no Referer): one round trip at most, then the page itself.
            var first = await GotoAsync(page, ShopA("/products/notebook"));
            Assert.IsLessThanOrEqualTo(2, Redirects(first).Count, "at most site → /sync → site\n" + string.Join("\n", Redirects(first)));
            StringAssert.StartsWith(page.Url, ShopA("/products/notebook"), "the visitor lands on the page asked for");
            await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
            Assert.IsEmpty(await context.CookiesAsync(), "the browser really kept no cookie");

            // Following the site's own links: never bounced again, although no cookie says it was synced.
            for (var i = 0; i < 3; i++)
            {
                var link = page.Locator("a[href='/privacy']").First;
                var followed = await page.RunAndWaitForResponseAsync(() => link.ClickAsync(),
                    r => r.Request.IsNavigationRequest && r.Url.StartsWith(ShopA("/privacy"), StringComparison.Ordinal));
                Assert.AreEqual(200, followed.Status);
                Assert.IsEmpty(Redirects(followed), "a click within the site is not bounced");
                await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-allowed", "no");
            }

            // Typed in again: at most one more round trip for that page load, never a chain of them.
            var again = await GotoAsync(page, ShopA());
            Assert.IsLessThanOrEqualTo(2, Redirects(again).Count);
            Assert.IsLessThanOrEqualTo(2, syncs, "one sync at most per typed-in page load (two loads), none per click");
        }
        finally
        {
            await context.CloseAsync();
            profile.Delete(recursive: true);
        }
    }

    private static async Task OptOutAsync(IPage page)
    {
        await GotoAsync(page, OptOutPage);
        if (await Button(page, "Opt out on every site").CountAsync() > 0)
        {
            await SubmitAsync(page, Button(page, "Opt out on every site"));
        }
        await Assertions.Expect(page.Locator(".cc-status")).ToContainTextAsync("You have opted out");
    }

    // The URLs of the requests that redirected to the one that answered, oldest first.
    private static List<string> Redirects(IResponse response)
    {
        var hops = new List<string>();
        for (var request = response.Request.RedirectedFrom; request is not null; request = request.RedirectedFrom)
        {
            hops.Insert(0, request.Url);
        }
        return hops;
    }

    private async Task<IPage> NewServicePageAsync()
    {
        var context = await (_browser ?? throw new InvalidOperationException("The browser did not start.")).NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            Locale = "en-GB",
        });
        TestContext.CancellationToken.Register(() => _ = context.CloseAsync());
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    private static async Task<ServerProcess> StartShopAsync(string site, int port, string host, CancellationToken cancellationToken)
    {
        var shop = ServerProcess.Start(site,
            Paths.BuiltDll("samples/SampleShop", "SampleShop"),
            Path.Combine(Paths.RepositoryRoot, "samples", "SampleShop"),
            port,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["CookieConsent__ServerUrl"] = BrowserEnvironment.ServerUrl,
                ["CookieConsent__SiteId"] = site,
                ["CookieConsent__ServiceSync"] = "true",
                ["CookieConsent__Timeout"] = "00:00:15",
                ["CookieConsent__AttemptTimeout"] = "00:00:05",
                ["SampleShop__AdminKey"] = BrowserEnvironment.AdminKey,
                ["SampleShop__Service"] = Service,
                ["SampleShop__CookieName"] = "cc_consent_" + site,
                ["SampleShop__ReturnHosts"] = host,
                ["Logging__LogLevel__Default"] = "Warning",
            });
        await shop.WaitUntilReadyAsync("/", TimeSpan.FromSeconds(90), cancellationToken);
        return shop;
    }
}
