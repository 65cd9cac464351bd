using CookieConsent.Client.Http;

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
        return ConsentClientRegistration.Add<ICookieConsentAdminApi, CookieConsentAdminClientOptions, CookieConsentAdminClientOptionsValidator>(
            services, configure, CookieConsentAdminClientOptions.SectionName, "cookie-consent-admin",
            key: o => o.AdminKey, serverUrl: o => o.ServerUrl, timeout: o => o.Timeout,
            // Admin work is rare and not on a page's path: a third of the budget per attempt leaves room for two retries.
            pipeline: (pipeline, o) => ConsentResilience.Build(pipeline, o.Timeout, o.Timeout / 3, retries: 2,
                failureRatio: 0.5, minimumThroughput: 10, breakDuration: TimeSpan.FromSeconds(5)));
    }
}
