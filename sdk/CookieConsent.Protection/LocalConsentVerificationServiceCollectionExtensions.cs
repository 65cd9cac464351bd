using CookieConsent.Protection;
using CookieConsent.Client.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers local verification of consent cookies for a site run by the consent server's operator.</summary>
public static class LocalConsentVerificationServiceCollectionExtensions
{
    /// <summary>
    /// Verifies consent cookies with the consent server's key ring, read from its Redis, instead of asking the server:
    /// <c>builder.Services.AddCookieConsent().AddLocalConsentVerification();</c>. The key ring can mint cookies as well as
    /// verify them — use this only for a site run by the same operator as the consent server. Binds
    /// <see cref="LocalConsentVerificationOptions"/> from the <c>CookieConsent</c> section (<c>KeyRingRedis</c>), then
    /// <paramref name="configure"/>, validated when the application starts. This process never writes to the key ring.
    /// </summary>
    public static IServiceCollection AddLocalConsentVerification(
        this IServiceCollection services, Action<LocalConsentVerificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<LocalConsentVerificationOptions>()
            .Configure<IServiceProvider>((options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection("CookieConsent").Bind(options))
            .Validate(options => !string.IsNullOrWhiteSpace(options.KeyRingRedis),
                "CookieConsent:KeyRingRedis must be set to the consent server's Redis connection string for local verification.")
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConsentTokenReader, KeyRingTokenReader>();
        return services;
    }
}
