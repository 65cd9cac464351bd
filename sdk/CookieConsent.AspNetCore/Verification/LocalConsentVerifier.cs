using CookieConsent.AspNetCore.KeyRing;
using CookieConsent.AspNetCore.Tokens;
using CookieConsent.Contracts;
using CookieConsent.Decisions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// Verifies with the consent server's key ring and decides with the shared rule, with no call to the server.
/// The key ring lives in a DataProtection stack of its own, so the site's own DataProtection (antiforgery,
/// authentication cookies) never uses — or writes to — the consent key ring. Key generation is disabled here:
/// this process only reads keys the consent server created.
/// </summary>
internal sealed class LocalConsentVerifier : IConsentVerifier, IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger<LocalConsentVerifier> _logger;
    private readonly Lazy<(ServiceProvider Services, ConsentTokenProtector Protector)> _stack;

    public LocalConsentVerifier(IOptions<CookieConsentOptions> options, TimeProvider time, ILogger<LocalConsentVerifier> logger)
    {
        _time = time;
        _logger = logger;
        var redis = options.Value.KeyRingRedis!;
        _stack = new(() => Build(redis, time), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ValueTask<VerifiedConsent> VerifyAsync(PolicyResponse policy, string cookieValue, CancellationToken cancellationToken)
    {
        try
        {
            var (services, protector) = _stack.Value;
            var rejection = protector.TryUnprotect(policy.Site, cookieValue, out var payload);
            if (rejection == TokenRejection.Unavailable
                || (rejection == TokenRejection.Invalid && !services.GetRequiredService<IConnectionMultiplexer>().IsConnected))
            {
                // DataProtection reports a key ring it could not load as "unknown key": that is doubt, not a forgery.
                Log.KeyRingUnreachable(_logger);
                return ValueTask.FromResult(VerifiedConsent.Unavailable);
            }
            if (rejection is not (TokenRejection.None or TokenRejection.Expired))
            {
                Log.CookieRejectedLocally(_logger, rejection);
                return ValueTask.FromResult(VerifiedConsent.Invalid);
            }
            var now = _time.GetUtcNow();
            // An expired cookie still states its refusals; a version 1 cookie from before the site's categories
            // changed states nothing that can be trusted (null): deny like any other unreadable cookie.
            var state = payload!.ToState(policy.Definition);
            if (state is null)
            {
                Log.CookieRejectedLocally(_logger, TokenRejection.Invalid);
                return ValueTask.FromResult(VerifiedConsent.Invalid);
            }
            var decisions = ConsentDecider.DecideAll(policy.Definition, state, ConsentSignals.None, now);
            return ValueTask.FromResult(new VerifiedConsent(VerificationOutcome.Valid, payload.Visitor, decisions, payload.ExpiresAt,
                ConsentDecider.NeedsChoice(policy.Definition, state, now)));
        }
#pragma warning disable CA1031 // Key ring unreachable or unreadable: fail closed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.VerificationUnavailable(_logger, e);
            return ValueTask.FromResult(VerifiedConsent.Unavailable);
        }
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

    private static (ServiceProvider, ConsentTokenProtector) Build(string redis, TimeProvider time)
    {
        var configuration = ConfigurationOptions.Parse(redis);
        configuration.AbortOnConnectFail = false;
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        services.AddDataProtection().PersistKeysToConsentKeyRing().DisableAutomaticKeyGeneration();
        var provider = services.BuildServiceProvider();
        return (provider, new ConsentTokenProtector(provider.GetRequiredService<IDataProtectionProvider>(), time));
    }
}
