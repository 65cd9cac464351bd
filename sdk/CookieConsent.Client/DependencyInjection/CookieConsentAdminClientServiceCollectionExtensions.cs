using CookieConsent.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the CookieConsent admin client.</summary>
public static class CookieConsentAdminClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICookieConsentAdminApi"/> (a source-generated Refit client), with
    /// <see cref="CookieConsentAdminClientOptions"/> bound from the <c>CookieConsentAdmin</c> configuration section, then
    /// <paramref name="configure"/>, and validated when the application starts. It needs only the server URL and the
    /// admin key. Reads are retried, writes never; calling it again adds <paramref name="configure"/> and nothing else.
    /// </summary>
    /// <returns>The client's builder (named <c>ICookieConsentAdminApi</c>), to chain handlers of your own.</returns>
    public static IHttpClientBuilder AddCookieConsentAdminClient(
        this IServiceCollection services, Action<CookieConsentAdminClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CookieConsentAdminClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CookieConsentAdminClientOptions>, BindFromConfiguration>());
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieConsentAdminClientOptions>, CookieConsentAdminClientOptionsValidator>());

        const string name = nameof(ICookieConsentAdminApi);
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services.AddHttpClient(name);
        }
        services.AddSingleton<Registered>();

        var builder = services
            .AddRefitGeneratedClient<ICookieConsentAdminApi>(
                provider =>
                {
                    var options = provider.GetRequiredService<IOptions<CookieConsentAdminClientOptions>>();
                    return ConsentRefitSettings.Create(() => options.Value.AdminKey);
                },
                name)
            .ConfigureHttpClient((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<CookieConsentAdminClientOptions>>().Value;
                client.BaseAddress = new Uri(options.ServerUrl ?? "", UriKind.Absolute);
                client.Timeout = options.Timeout + TimeSpan.FromSeconds(1);
            })
            .RemoveAllLoggers();
        builder.AddResilienceHandler("cookie-consent-admin", (pipeline, context) =>
        {
            var timeout = context.ServiceProvider.GetRequiredService<IOptions<CookieConsentAdminClientOptions>>().Value.Timeout;
            // Admin work is rare and not on a page's path: a third of the budget per attempt leaves room for two retries.
            ConsentResilience.Build(pipeline, timeout, timeout / 3, retries: 2,
                failureRatio: 0.5, minimumThroughput: 10, breakDuration: TimeSpan.FromSeconds(5));
        });
        builder.AddHttpMessageHandler(() => new ResponseBufferingHandler());
        return builder;
    }

    private sealed class BindFromConfiguration(IServiceProvider services) : IConfigureOptions<CookieConsentAdminClientOptions>
    {
        public void Configure(CookieConsentAdminClientOptions options)
        {
            if (services.GetService<IConfiguration>() is { } configuration)
            {
                configuration.GetSection(CookieConsentAdminClientOptions.SectionName).Bind(options);
            }
        }
    }

    private sealed class Registered;
}
