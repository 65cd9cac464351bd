using CookieConsent.Checking;
using CookieConsent.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the CookieConsent API client.</summary>
public static class CookieConsentClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICookieConsentApi"/> as a typed <see cref="HttpClient"/> and <see cref="IConsentChecker"/>,
    /// with <see cref="CookieConsentClientOptions"/> bound from the <c>CookieConsent</c> configuration section, then
    /// <paramref name="configure"/>, and validated when the application starts. Reads get a per-attempt timeout and
    /// retries on transient failures; every call is bounded by <see cref="CookieConsentClientOptions.Timeout"/>.
    /// </summary>
    /// <returns>The client's builder, to chain handlers of your own.</returns>
    public static IHttpClientBuilder AddCookieConsentClient(
        this IServiceCollection services, Action<CookieConsentClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CookieConsentClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CookieConsentClientOptions>, BindFromConfiguration>());
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieConsentClientOptions>, CookieConsentClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<ConsentResilienceHandler>();
        services.TryAddSingleton<IConsentChecker, ConsentChecker>();

        return services
            .AddHttpClient<ICookieConsentApi, CookieConsentApiClient>((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value;
                var baseUrl = options.ServerUrl ?? "";
                client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute);
                client.Timeout = options.Timeout;
            })
            .AddHttpMessageHandler<ConsentResilienceHandler>()
            // The default request logging writes every URL, and ours carry visitor ids (pseudonymous personal data).
            // The client's own events say what went wrong without them.
            .RemoveAllLoggers();
    }

    // Binds the section when the host has a configuration; a bare ServiceCollection (tests, tools) works without one.
    private sealed class BindFromConfiguration(IServiceProvider services) : IConfigureOptions<CookieConsentClientOptions>
    {
        public void Configure(CookieConsentClientOptions options)
        {
            if (services.GetService<IConfiguration>() is { } configuration)
            {
                configuration.GetSection(CookieConsentClientOptions.SectionName).Bind(options);
            }
        }
    }
}
