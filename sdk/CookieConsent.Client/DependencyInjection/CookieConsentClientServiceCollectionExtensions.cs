using CookieConsent.Client.Checking;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConsentChecker, ConsentChecker>();
        return ConsentClientRegistration.Add<ICookieConsentApi, CookieConsentClientOptions, CookieConsentClientOptionsValidator>(
            services, configure, CookieConsentClientOptions.SectionName, "cookie-consent",
            key: o => o.ApiKey, serverUrl: o => o.ServerUrl, timeout: o => o.Timeout,
            pipeline: (pipeline, o) => ConsentResilience.Build(pipeline, o.Timeout, o.AttemptTimeout, o.Retries,
                o.CircuitBreakerFailureRatio, o.CircuitBreakerMinimumThroughput, o.CircuitBreakDuration));
    }
}
