using CookieConsent.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What the site client and the admin client register alike: options bound from a configuration section, then the
/// caller's delegate, validated at start; one named Refit client with our JSON settings, the bearer key, the resilience
/// pipeline and response buffering. A second call adds the caller's delegate and nothing else.
/// </summary>
internal static class ConsentClientRegistration
{
    public static IHttpClientBuilder Add<TApi, TOptions, TValidator>(
        IServiceCollection services,
        Action<TOptions>? configure,
        string section,
        string pipelineName,
        Func<TOptions, string?> key,
        Func<TOptions, string?> serverUrl,
        Func<TOptions, TimeSpan> timeout,
        Action<ResiliencePipelineBuilder<HttpResponseMessage>, TOptions> pipeline)
        where TApi : class
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var name = typeof(TApi).Name;
        var first = !services.Any(d => d.ServiceType == typeof(Registered<TApi>));
        if (first)
        {
            // Bound before the caller's delegate, once, so that a later call's delegate still wins.
            services.AddOptions<TOptions>().ValidateOnStart()
                .Configure<IServiceProvider>((options, provider) => Bind(provider, section, options));
        }
        if (configure is not null)
        {
            services.Configure(configure);
        }
        if (!first)
        {
            // The same named client: what a caller chains on it applies to the one registration.
            return services.AddHttpClient(name);
        }
        services.AddSingleton<Registered<TApi>>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());

        var builder = services
            .AddRefitGeneratedClient<TApi>(
                provider =>
                {
                    var options = provider.GetRequiredService<IOptions<TOptions>>();
                    return ConsentRefitSettings.Create(() => key(options.Value));
                },
                name)
            .ConfigureHttpClient((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<TOptions>>().Value;
                client.BaseAddress = new Uri(serverUrl(options) ?? "", UriKind.Absolute);
                // The pipeline bounds every call; this is only a backstop should someone remove it.
                client.Timeout = timeout(options) + TimeSpan.FromSeconds(1);
            })
            // The default request logging writes every URL, and ours carry visitor ids (pseudonymous personal data).
            // The clients' own events say what went wrong without them.
            .RemoveAllLoggers();
        builder.AddResilienceHandler(pipelineName, (resilience, context) =>
            pipeline(resilience, context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value));
        builder.AddHttpMessageHandler(() => new ResponseBufferingHandler());
        return builder;
    }

    // Binds the section when the host has a configuration; a bare ServiceCollection (tests, tools) works without one.
    private static void Bind<TOptions>(IServiceProvider provider, string section, TOptions options)
    {
        if (provider.GetService<IConfiguration>() is { } configuration)
        {
            configuration.GetSection(section).Bind(options);
        }
    }

    // Marks the collection as holding that client already.
    private sealed class Registered<TApi>;
}
