using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Server.Tests.HostedPages;

/// <summary>Hosted-page helpers over the assembly's shared server and redis-server (see <see cref="TestAssembly"/>).</summary>
public static class HostedPagesFixture
{
    public const string AdminKey = Infrastructure.ConsentServerFactory.AdminKey;

    public static WebApplicationFactory<Program> Factory => TestAssembly.Server;

    public static RedisServer Redis => TestAssembly.Redis;

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at the 303).</summary>
    public static HttpClient Browser() => Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>Creates a site with a unique id: necessary, analytics, marketing (sale or sharing).</summary>
    public static async Task<string> CreateSiteAsync(
        CancellationToken cancellationToken, ConsentRegime regime = ConsentRegime.OptIn, string defaultLocale = "en", string? displayName = null)
    {
        var site = "hp-" + Guid.NewGuid().ToString("N")[..12];
        var definition = new SiteDefinition(
            displayName ?? "Example Shop",
            [
                new CategoryDefinition("necessary", true, false,
                    new Dictionary<string, CategoryText>
                    {
                        ["en"] = new("Strictly necessary", "Basket and session."),
                        ["de"] = new("Unbedingt erforderlich", "Warenkorb und Sitzung."),
                    }, ["session"]),
                new CategoryDefinition("analytics", false, false,
                    new Dictionary<string, CategoryText> { ["en"] = new("Analytics", "Count visits.") }, ["_ga", "_gid"]),
                new CategoryDefinition("marketing", false, true,
                    new Dictionary<string, CategoryText> { ["en"] = new("Marketing", "Ads with partners.") }, ["_fbp"]),
            ],
            [new PolicyVersion(1, DateTimeOffset.UnixEpoch, [])],
            ["shop.example", "www.shop.example"])
        {
            Regime = regime,
            DefaultLocale = defaultLocale,
            PolicyUrl = "https://shop.example/privacy",
        };
        await using var admin = Admin();
        await admin.GetRequiredService<ICookieConsentAdminApi>().PutSiteAsync(site, definition, cancellationToken);
        return site;
    }

    /// <summary>A site API key, for checking through the API what the hosted pages stored.</summary>
    public static async Task<string> CreateSiteKeyAsync(string site, CancellationToken cancellationToken)
    {
        await using var admin = Admin();
        return (await admin.GetRequiredService<ICookieConsentAdminApi>().CreateKeyAsync(site, cancellationToken)).Key;
    }

    // The SDK's admin client, talking to the in-memory server.
    private static ServiceProvider Admin()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCookieConsentAdminClient(options =>
        {
            options.ServerUrl = Factory.Server.BaseAddress.ToString();
            options.AdminKey = AdminKey;
        }).ConfigurePrimaryHttpMessageHandler(() => Factory.Server.CreateHandler());
        return services.BuildServiceProvider();
    }
}
