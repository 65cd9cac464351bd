using System.Security.Cryptography.X509Certificates;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Protection;

/// <summary>
/// Reads consent cookies with the consent server's key ring. The key ring lives in a DataProtection stack of its own,
/// so the site's own DataProtection (antiforgery, authentication cookies) never uses — or writes to — the consent key
/// ring; key generation is off: this process only reads keys the consent server created.
/// </summary>
internal sealed class KeyRingTokenReader : IConsentTokenReader, IDisposable
{
    private readonly Lazy<(ServiceProvider Services, ConsentTokenProtector Protector)> _stack;

    public KeyRingTokenReader(IOptions<LocalConsentVerificationOptions> options, TimeProvider time, ILoggerFactory? loggers = null)
    {
        var settings = options.Value;
        _stack = new(() => Build(settings.KeyRingRedis!, settings.KeyRingCertificate, time, loggers ?? NullLoggerFactory.Instance),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public TokenRejection TryRead(string site, string? token, out ConsentTokenPayload? payload)
    {
        payload = null;
        try
        {
            var (services, protector) = _stack.Value;
            var rejection = protector.TryUnprotect(site, token, out payload);
            // DataProtection reports a key ring it could not load as "unknown key": that is doubt, not a forgery.
            return rejection == TokenRejection.Invalid && !services.GetRequiredService<IConnectionMultiplexer>().IsConnected
                ? TokenRejection.Unavailable
                : rejection;
        }
#pragma warning disable CA1031 // Key ring unreachable or unreadable: the caller fails closed.
        catch (Exception)
#pragma warning restore CA1031
        {
            payload = null;
            return TokenRejection.Unavailable;
        }
    }

    public async Task<SuppressionRecord?> ReadErasureAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        // The erasure marker sits in the same Redis as the key ring: the server writes it when it erases a visitor.
        var redis = _stack.Value.Services.GetRequiredService<IConnectionMultiplexer>();
        var value = await redis.GetDatabase().StringGetAsync(SuppressionRecord.RedisKey(site, visitor))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : SuppressionRecord.FromJson(value!);
    }

    public void Dispose()
    {
        if (_stack.IsValueCreated)
        {
            var services = _stack.Value.Services;
            services.GetService<IConnectionMultiplexer>()?.Dispose();
            services.Dispose();
        }
    }

    private static (ServiceProvider, ConsentTokenProtector) Build(
        string redis, X509Certificate2? certificate, TimeProvider time, ILoggerFactory loggers)
    {
        var configuration = ConfigurationOptions.Parse(redis);
        // Fail closed fast while Redis is down: the key ring is read synchronously by DataProtection, and the
        // library's default backlog would hold that read (and the request) for about 5 s before failing.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 2000);
        configuration.SyncTimeout = Math.Min(configuration.SyncTimeout, 1000);
        configuration.AsyncTimeout = Math.Min(configuration.AsyncTimeout, 1000);
        configuration.ReconnectRetryPolicy ??= new LinearRetry(200);
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        services.AddDataProtection().PersistKeysToConsentKeyRing(certificate).DisableAutomaticKeyGeneration();
        var provider = services.BuildServiceProvider();
        return (provider, new ConsentTokenProtector(provider.GetRequiredService<IDataProtectionProvider>(), time));
    }
}
