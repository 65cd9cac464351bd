using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CookieConsent.Protection;

/// <summary>Wires DataProtection to the key ring the consent server keeps in Redis.</summary>
public static class ConsentKeyRingExtensions
{
    /// <summary>
    /// Uses the consent key ring — the Redis list <see cref="ConsentKeyRing.RedisKey"/> of the registered
    /// <see cref="IConnectionMultiplexer"/>, under <see cref="ConsentKeyRing.ApplicationName"/> — so this process verifies
    /// (and can mint) the same consent cookies as the consent server. Give it only to processes the consent server's
    /// operator runs.
    /// </summary>
    /// <param name="builder">The DataProtection builder.</param>
    /// <param name="certificate">
    /// When given, new keys are encrypted at rest with it (<c>ProtectKeysWithCertificate</c>) and keys encrypted with it
    /// are read without it being in a certificate store. Either way, this process never adds a key to a ring that holds
    /// keys it cannot decrypt, nor, with a certificate, an unencrypted key.
    /// </param>
    public static IDataProtectionBuilder PersistKeysToConsentKeyRing(this IDataProtectionBuilder builder, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.SetApplicationName(ConsentKeyRing.ApplicationName);
        // PersistKeysToStackExchangeRedis takes its connection when DataProtection is registered; ours is a DI singleton
        // that connects on first use, so the library's repository is created here, from DI, exactly as it would.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, services) =>
        {
            var redis = services.GetRequiredService<IConnectionMultiplexer>();
            var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            options.XmlRepository = new KeyRingWriteGuard(
                new RedisXmlRepository(() => redis.GetDatabase(), ConsentKeyRing.RedisKey),
                certificate,
                loggers.CreateLogger(typeof(KeyRingWriteGuard)));
        });
        if (certificate is not null)
        {
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return builder;
    }
}
