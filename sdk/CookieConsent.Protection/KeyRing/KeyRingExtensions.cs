using CookieConsent.AspNetCore.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.AspNetCore.KeyRing;

/// <summary>Wires DataProtection to the key ring the consent server keeps in Redis.</summary>
public static class KeyRingExtensions
{
    /// <summary>
    /// Uses the consent key ring in Redis under the fixed application name, so this process verifies (and can mint)
    /// the same consent cookies as the consent server. Give it only to processes the consent server's operator runs.
    /// </summary>
    public static IDataProtectionBuilder PersistKeysToConsentKeyRing(this IDataProtectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.SetApplicationName(ConsentTokenProtector.ApplicationName);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new RedisXmlRepository(services.GetRequiredService<IConnectionMultiplexer>())));
        return builder;
    }
}
