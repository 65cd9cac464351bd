using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Client.Tests.Http;

/// <summary>
/// The real consent server (src/CookieConsent.Server) on a real loopback port, over a real redis-server.
/// <see cref="Fail500"/> makes it answer every API request with a 500 problem, as a crashed handler would.
/// </summary>
internal sealed class ConsentServerFixture : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly WebApplicationFactory<Program> _factory;
    private int _apiRequests;

    private ConsentServerFixture(RedisServer redis, TimeSpan redisTimeout)
    {
        Redis = redis;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("CookieConsent:Redis", redis.ConnectionString);
            builder.UseSetting("CookieConsent:AdminKey", AdminKey);
            // The server's appsettings.json names a fixed port; every fixture takes a free one.
            builder.UseSetting("Urls", $"http://127.0.0.1:{FreePort.Next()}");
            builder.UseSetting("CookieConsent:RedisTimeout", redisTimeout.ToString());
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new FaultFilter(this)));
        });
        _factory.UseKestrel();
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = addresses.First();
    }

    public RedisServer Redis { get; }

    public string BaseAddress { get; }

    public bool Fail500 { get; set; }

    public int ApiRequests => _apiRequests;

    public static ConsentServerFixture Start(TimeSpan? redisTimeout = null) =>
        new(RedisServer.Start(), redisTimeout ?? TimeSpan.FromSeconds(5));

    /// <summary>
    /// A client as <c>AddCookieConsentClient</c> registers it, and an admin client as <c>AddCookieConsentAdminClient</c>
    /// does, both talking to this server over TCP.
    /// </summary>
    public ServiceProvider Client(string site, string? apiKey, Action<CookieConsentClientOptions>? configure = null, List<string>? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(new CapturedLogs(logs));
            }
        });
        services.AddCookieConsentClient(options =>
        {
            options.ServerUrl = BaseAddress;
            options.SiteId = site;
            options.ApiKey = apiKey ?? "no-site-key";
            configure?.Invoke(options);
        });
        services.AddCookieConsentAdminClient(options =>
        {
            options.ServerUrl = BaseAddress;
            options.AdminKey = AdminKey;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Creates <paramref name="site"/> with <paramref name="definition"/> and returns a new site key for it.</summary>
    public async Task<string> CreateSiteAsync(string site, SiteDefinition definition, CancellationToken cancellationToken)
    {
        using var admin = Client(site, null);
        var api = admin.GetRequiredService<ICookieConsentAdminApi>();
        await api.PutSiteAsync(site, definition, cancellationToken);
        return (await api.CreateKeyAsync(site, cancellationToken)).Key;
    }

    public static SiteDefinition Shop(ConsentRegime regime = ConsentRegime.OptIn) => new(
        "Shop",
        [
            new CategoryDefinition("necessary", true, false, Texts("Necessary"), ["session"]),
            new CategoryDefinition("analytics", false, false, Texts("Analytics"), ["_ga*"]),
            new CategoryDefinition("marketing", false, true, Texts("Marketing"), ["mkt_px"]),
        ],
        [new PolicyVersion(1, new DateTimeOffset(2024, 3, 15, 12, 0, 0, TimeSpan.Zero), [])],
        ["shop.example"])
    {
        Regime = regime,
    };

    private static Dictionary<string, CategoryText> Texts(string name) => new() { ["en"] = new CategoryText(name, name + " cookies") };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _factory.DisposeAsync();
        }
        finally
        {
            Redis.Dispose();
        }
    }

    private sealed class FaultFilter(ConsentServerFixture owner) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path.StartsWithSegments("/v1"))
                {
                    Interlocked.Increment(ref owner._apiRequests);
                    if (owner.Fail500)
                    {
                        await Results.Problem(title: "Internal error", statusCode: 500).ExecuteAsync(context);
                        return;
                    }
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
