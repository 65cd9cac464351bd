using CookieConsent.AspNetCore;
using CookieConsent.AspNetCore.Middleware;
using CookieConsent.AspNetCore.Policy;
using CookieConsent.AspNetCore.Sync;
using CookieConsent.AspNetCore.Verification;
using CookieConsent.Client.Http;
using CookieConsent.Client.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CookieConsent for an ASP.NET Core site.</summary>
public static class CookieConsentServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <c>UseCookieConsent()</c> and <c>MapCookieConsent()</c> need: <see cref="CookieConsentOptions"/>
    /// bound from the <c>CookieConsent</c> configuration section, then <paramref name="configure"/>, validated when the
    /// application starts; the API client (<c>AddCookieConsentClient</c>) with the same server, site and key;
    /// antiforgery; the policy cache and the cookie verifier. Cookies are verified through the consent server's API unless
    /// an <see cref="IConsentTokenReader"/> is registered (<c>AddLocalConsentVerification()</c> of
    /// <c>CookieConsent.Protection</c>).
    /// </summary>
    public static IServiceCollection AddCookieConsent(this IServiceCollection services, Action<CookieConsentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CookieConsentOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<CookieConsentOptions>, BindFromConfiguration>());
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieConsentOptions>, CookieConsentOptionsValidator>());

        services.AddCookieConsentClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieConsentClientOptions>, ClientFollowsSite>());

        services.AddAntiforgery();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConsentPolicyCache>();
        services.TryAddSingleton<ConsentEvaluator>();
        services.TryAddSingleton<CookieEnforcer>();
        // The sync bounce's state is signed with the site's own keys (a site on several instances shares them, as
        // it does for antiforgery).
        services.AddDataProtection();
        services.TryAddSingleton<SyncState>();
        services.TryAddSingleton<ServiceSync>();
        services.TryAddSingleton<IConsentVerifier>(provider =>
            provider.GetService<IConsentTokenReader>() is not null
                ? ActivatorUtilities.CreateInstance<LocalConsentVerifier>(provider)
                : ActivatorUtilities.CreateInstance<ApiConsentVerifier>(provider));
        return services;
    }

    private sealed class BindFromConfiguration(IServiceProvider services) : IConfigureOptions<CookieConsentOptions>
    {
        public void Configure(CookieConsentOptions options)
        {
            if (services.GetService<IConfiguration>() is { } configuration)
            {
                configuration.GetSection(CookieConsentOptions.SectionName).Bind(options);
            }
        }
    }

    // One place to configure the site: server, site and key set in code reach the API client too.
    private sealed class ClientFollowsSite(IOptions<CookieConsentOptions> site) : IPostConfigureOptions<CookieConsentClientOptions>
    {
        public void PostConfigure(string? name, CookieConsentClientOptions options)
        {
            var value = site.Value;
            options.ServerUrl = string.IsNullOrEmpty(value.ServerUrl) ? options.ServerUrl : value.ServerUrl;
            options.SiteId = string.IsNullOrEmpty(value.SiteId) ? options.SiteId : value.SiteId;
            options.ApiKey = string.IsNullOrEmpty(value.ApiKey) ? options.ApiKey : value.ApiKey;
        }
    }
}
