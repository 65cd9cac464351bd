using System.Text.RegularExpressions;

namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>Base of the browser tests: a fresh browser context per page, JavaScript off unless a test says otherwise.</summary>
public abstract class BrowserTest
{
    /// <summary>The cookies strictly necessary on the sample shop: consent, confirmation notice, antiforgery.</summary>
    protected static readonly Regex NecessaryCookie = new(@"^(cc_consent|cc_notice|\.AspNetCore\.Antiforgery\..+)$");

    // Above the shop's 15 s bound on a call to the consent server, so a slow answer shows as the page it produced.
    private const float ActionTimeoutMs = 30_000;

    private readonly List<IBrowserContext> _contexts = [];

    public TestContext TestContext { get; set; } = null!;

    protected CancellationToken CancellationToken => TestContext.CancellationToken;

    protected static string Shop(string path = "/") => BrowserEnvironment.ShopUrl + path;

    protected static string Hosted(string path = "") => $"{BrowserEnvironment.ServerUrl}/consent/{BrowserEnvironment.SiteId}{path}";

    /// <summary>A page in a new browser context with JavaScript disabled (plus any headers the test needs).</summary>
    protected async Task<IPage> NewPageAsync(IDictionary<string, string>? headers = null, string locale = "en-GB")
    {
        var context = await BrowserEnvironment.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            Locale = locale,
            ExtraHTTPHeaders = headers,
            ViewportSize = new ViewportSize { Width = 1024, Height = 768 },
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(ActionTimeoutMs);
        return await context.NewPageAsync();
    }

    /// <summary>A page in a separate context with JavaScript on (for the axe-core audit only).</summary>
    protected async Task<IPage> NewScriptedPageAsync(IDictionary<string, string>? headers = null)
    {
        var context = await BrowserEnvironment.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = true,
            // The hosted pages forbid every script; the audit is the test's own script, not the page's.
            BypassCSP = true,
            Locale = "en-GB",
            ExtraHTTPHeaders = headers,
            ViewportSize = new ViewportSize { Width = 1024, Height = 768 },
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(ActionTimeoutMs);
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="url"/> and insists on a 200.</summary>
    protected static async Task<IResponse> GotoAsync(IPage page, string url)
    {
        var response = await page.GotoAsync(url) ?? throw new AssertFailedException($"No response for {url}.");
        Assert.AreEqual(200, response.Status, $"GET {url}");
        return response;
    }

    /// <summary>
    /// Clicks a submit button and waits for the page the form leads to: the POST's own answer when it fails, else the
    /// page its 303 redirects to, with the network idle (images included, so tracking pixels have been requested).
    /// Network idle rather than the load event: on a loaded machine the load event of a page reached through a 303 was
    /// seen to go unreported while the network had long gone quiet.
    /// </summary>
    protected static async Task<IResponse> SubmitAsync(IPage page, ILocator button)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(),
            r => IsEndOfFormPost(page, r));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return response;
    }

    /// <summary>Submits with Enter on the focused element (keyboard only).</summary>
    protected static async Task<IResponse> PressEnterAsync(IPage page)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Keyboard.PressAsync("Enter"),
            r => IsEndOfFormPost(page, r));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return response;
    }

    // The page a form post ends on: the POST's own answer unless it redirects, else the page it redirected to.
    private static bool IsEndOfFormPost(IPage page, IResponse response) =>
        response.Frame == page.MainFrame && response.Request.IsNavigationRequest
        && ((response.Request.Method == "POST" && response.Status is < 300 or >= 400)
            || response.Request.RedirectedFrom?.Method == "POST");

    protected static async Task<IReadOnlyList<string>> CookieNamesAsync(IPage page) =>
        (await page.Context.CookiesAsync()).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

    protected static ILocator Banner(IPage page) => page.Locator("section.cc-banner:not(.cc-confirmation)");

    protected static ILocator Confirmation(IPage page) => page.Locator("section.cc-confirmation");

    protected static ILocator AnalyticsSnippet(IPage page) => page.Locator("[data-tracking=analytics]");

    protected static ILocator MarketingPixel(IPage page) => page.Locator("[data-tracking=marketing]");

    protected static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [TestCleanup]
    public async Task CloseContextsAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
