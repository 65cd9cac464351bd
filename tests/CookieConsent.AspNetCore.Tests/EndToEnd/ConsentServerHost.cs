using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.AspNetCore.Tests.EndToEnd;

/// <summary>The real consent server (in memory) over a real redis-server, with helpers to create sites.</summary>
internal sealed class ConsentServerHost : IAsyncDisposable
{
    public const string AdminKey = "e2e-admin-key-0123456789";

    private readonly WebApplicationFactory<Program> _factory;

    public ConsentServerHost()
    {
        Redis = RedisServer.Start();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("CookieConsent:Redis", Redis.ConnectionString);
            builder.UseSetting("CookieConsent:AdminKey", AdminKey);
            // Test assemblies share two cores: a production-sized Redis timeout would turn load into 503s.
            builder.UseSetting("CookieConsent:RedisTimeout", "00:00:05");
        });
        _factory.StartServer();
    }

    public RedisServer Redis { get; }

    /// <summary>Sends a client's requests to the in-memory server.</summary>
    public HttpMessageHandler CreateHandler() => _factory.Server.CreateHandler();

    /// <summary>An API client with <paramref name="siteKey"/>, and an admin client with the admin key.</summary>
    public ServiceProvider Client(string site, string siteKey = "none")
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCookieConsentClient(o =>
        {
            o.ServerUrl = "http://consent.test/";
            o.SiteId = site;
            o.ApiKey = siteKey;
        }).ConfigurePrimaryHttpMessageHandler(CreateHandler);
        services.AddCookieConsentAdminClient(o =>
        {
            o.ServerUrl = "http://consent.test/";
            o.AdminKey = AdminKey;
        }).ConfigurePrimaryHttpMessageHandler(CreateHandler);
        return services.BuildServiceProvider();
    }

    /// <summary>Creates the site and returns a site key.</summary>
    public async Task<string> CreateSiteAsync(string site, SiteDefinition definition, CancellationToken cancellationToken)
    {
        using var admin = Client(site);
        var api = admin.GetRequiredService<ICookieConsentAdminApi>();
        await api.PutSiteAsync(site, definition, cancellationToken);
        return (await api.CreateKeyAsync(site, cancellationToken)).Key;
    }

    /// <summary>Another key for an existing site.</summary>
    public async Task<string> CreateSiteKeyAsync(string site, CancellationToken cancellationToken)
    {
        using var admin = Client(site);
        return (await admin.GetRequiredService<ICookieConsentAdminApi>().CreateKeyAsync(site, cancellationToken)).Key;
    }

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
}
