using CookieConsent.Client.Checking;
using CookieConsent.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the CookieConsent API client.</summary>
public static class CookieConsentClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICookieConsentApi"/> (a source-generated Refit client) and <see cref="IConsentChecker"/>, with
    /// <see cref="CookieConsentClientOptions"/> bound from the <c>CookieConsent</c> configuration section, then
    /// <paramref name="configure"/>, and validated when the application starts. Calls go through the HTTP resilience
    /// strategies of Microsoft.Extensions.Http.Resilience: a circuit breaker, a total and a per-attempt timeout, and
    /// retries of reads only; an open circuit, a timeout or an unreachable server surface as
    /// <see cref="Refit.ApiRequestException"/>. Calling it again adds <paramref name="configure"/> and nothing else: the
    /// pipeline is never stacked on itself.
    /// </summary>
    /// <returns>The client's builder (named <c>ICookieConsentApi</c>), to chain handlers of your own.</returns>
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
        services.TryAddSingleton<IConsentChecker, ConsentChecker>();

        const string name = nameof(ICookieConsentApi);
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            // The same named client: what a caller chains on it applies to the one registration.
            return services.AddHttpClient(name);
        }
        services.AddSingleton<Registered>();

        var builder = services
            .AddRefitGeneratedClient<ICookieConsentApi>(
                provider =>
                {
                    var options = provider.GetRequiredService<IOptions<CookieConsentClientOptions>>();
                    return ConsentRefitSettings.Create(() => options.Value.ApiKey);
                },
                name)
            .ConfigureHttpClient((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value;
                client.BaseAddress = new Uri(options.ServerUrl ?? "", UriKind.Absolute);
                // The pipeline bounds every call; this is only a backstop should someone remove it.
                client.Timeout = options.Timeout + TimeSpan.FromSeconds(1);
            })
            // The default request logging writes every URL, and ours carry visitor ids (pseudonymous personal data).
            // The client's own events say what went wrong without them.
            .RemoveAllLoggers();
        builder.AddResilienceHandler("cookie-consent", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value;
            ConsentResilience.Build(pipeline, options.Timeout, options.AttemptTimeout, options.Retries,
                options.CircuitBreakerFailureRatio, options.CircuitBreakerMinimumThroughput, options.CircuitBreakDuration);
        });
        builder.AddHttpMessageHandler(() => new ResponseBufferingHandler());
        return builder;
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

    // Marks the collection as holding the client already.
    private sealed class Registered;
}
