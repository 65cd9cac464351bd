using System.Security.Cryptography;

namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>
/// Starts once per test run: a real redis-server, the consent server and the sample shop as processes on free
/// loopback ports (the shop registers its site at the server on start, as in development), and Debian's Chromium.
/// </summary>
[TestClass]
public static class BrowserEnvironment
{
    public const string SiteId = "sample-shop";
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static RedisServer? _redis;
    private static ServerProcess? _server;
    private static ServerProcess? _shop;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private static string? _adminKey;

    /// <summary>The consent server's base URL (no trailing slash).</summary>
    public static string ServerUrl => _server?.Url ?? throw NotStarted();

    /// <summary>The sample shop's base URL (no trailing slash).</summary>
    public static string ShopUrl => _shop?.Url ?? throw NotStarted();

    public static IBrowser Browser => _browser ?? throw NotStarted();

    /// <summary>The consent server's admin key for this run (random; the console's sign-in takes it).</summary>
    public static string AdminKey => _adminKey ?? throw NotStarted();

    /// <summary>The console output of both apps, for failure messages.</summary>
    public static string AppOutput => $"--- consent server ---\n{_server?.Output}\n--- sample shop ---\n{_shop?.Output}";

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"Chromium is missing at {ChromiumPath}. Install it (Debian: apt-get install -y chromium) or run bash scripts/test.sh, which installs it.");
        }
        try
        {
            await StartAppsAndBrowserAsync(context.CancellationToken);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    private static async Task StartAppsAndBrowserAsync(CancellationToken cancellationToken)
    {
        _redis = RedisServer.Start();
        var adminKey = _adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        _server = ServerProcess.Start("consent server",
            Paths.BuiltDll("src/CookieConsent.Server", "CookieConsent.Server"),
            Path.Combine(Paths.RepositoryRoot, "src", "CookieConsent.Server"),
            FreePort.Next(),
            new Dictionary<string, string>
            {
                ["CookieConsent__Redis"] = _redis.ConnectionString,
                ["CookieConsent__AdminKey"] = adminKey,
                // Generous bounds: these tests check what the visitor sees on a busy CI machine, not latency (the
                // fail-closed behaviour on timeouts has tests of its own).
                ["CookieConsent__RedisTimeout"] = "00:00:05",
                ["Logging__LogLevel__Default"] = "Warning",
            });
        await _server.WaitUntilReadyAsync("/health/ready", StartTimeout, cancellationToken);

        // Exactly what scripts/run-sample.sh does, on a free port: the shop registers its site with the admin key.
        _shop = ServerProcess.Start("sample shop",
            Paths.BuiltDll("samples/SampleShop", "SampleShop"),
            Path.Combine(Paths.RepositoryRoot, "samples", "SampleShop"),
            FreePort.Next(),
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["CookieConsent__ServerUrl"] = _server.Url,
                ["SampleShop__AdminKey"] = adminKey,
                ["CookieConsent__Timeout"] = "00:00:15",
                ["CookieConsent__AttemptTimeout"] = "00:00:05",
                ["Logging__LogLevel__Default"] = "Warning",
            });
        await _shop.WaitUntilReadyAsync("/", StartTimeout, cancellationToken);

        _playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(10_000);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        // Also called after a failed start, so each part may be missing; each is stopped once.
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            _browser = null;
        }
        _playwright?.Dispose();
        _playwright = null;
        if (_shop is not null)
        {
            await _shop.DisposeAsync();
            _shop = null;
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
        _redis?.Dispose();
        _redis = null;
    }

    private static InvalidOperationException NotStarted() => new("The browser test environment did not start; see the assembly initialization failure.");
}
