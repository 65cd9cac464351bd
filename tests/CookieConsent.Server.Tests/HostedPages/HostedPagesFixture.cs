using System.Net.Http.Headers;
using System.Net.Http.Json;
using CookieConsent.Contracts;
using CookieConsent.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
        using var admin = Factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var response = await admin.PutAsJsonAsync($"/v1/sites/{site}", definition, ConsentJsonContext.Default.SiteDefinition, cancellationToken);
        response.EnsureSuccessStatusCode();
        return site;
    }

    /// <summary>A site API key, for checking through the API what the hosted pages stored.</summary>
    public static async Task<string> CreateSiteKeyAsync(string site, CancellationToken cancellationToken)
    {
        using var admin = Factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var response = await admin.PostAsync($"/v1/sites/{site}/keys", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ApiKeyCreated, cancellationToken);
        return created!.Key;
    }
}
