using CookieConsent.AspNetCore.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CookieConsent.AspNetCore.Tests.TestSupport;

/// <summary>
/// A Razor Pages site on a <see cref="TestServer"/> whose pages use the tag helpers; a stand-in middleware sets the
/// consent feature the way <c>UseCookieConsent()</c> would.
/// </summary>
internal sealed class TagHelperHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TagHelperHost(IHost host)
    {
        _host = host;
        Client = host.GetTestServer().CreateClient();
    }

    public HttpClient Client { get; }

    public static async Task<TagHelperHost> StartAsync(
        Func<HttpContext, IConsentFeature?> feature, CancellationToken cancellationToken, Action<IServiceCollection>? configureServices = null)
    {
        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services =>
                {
                    services.AddRazorPages(options => options.RootDirectory = "/TagHelpers/Pages")
                        .AddApplicationPart(typeof(TagHelperHost).Assembly);
                    configureServices?.Invoke(services);
                })
                .Configure(app =>
                {
                    app.Use(async (context, next) =>
                    {
                        if (feature(context) is { } f)
                        {
                            context.Features.Set(f);
                        }
                        await next(context);
                    });
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapRazorPages());
                }))
            .Build();
        await host.StartAsync(cancellationToken);
        return new TagHelperHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
