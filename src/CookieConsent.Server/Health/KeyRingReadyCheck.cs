using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CookieConsent.Server.Health;

/// <summary>
/// Ready means this instance can read every key of the shared key ring, so it accepts every other instance's cookies
/// and they accept its own. An instance with the wrong certificate, or none for an encrypted ring, is not ready.
/// </summary>
internal sealed class KeyRingReadyCheck(IKeyManager keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyCollection<IKey> all;
        try
        {
            all = keys.GetAllKeys();
        }
#pragma warning disable CA1031 // Unreadable for whatever reason: not ready.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The key ring could not be read."));
        }
        var unreadable = all.Count(key => !key.IsRevoked && !CanUse(key));
        if (unreadable > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"{unreadable} key(s) of the key ring cannot be decrypted here: check CookieConsent:KeyRing:Certificate."));
        }
        return Task.FromResult(all.Count == 0
            ? HealthCheckResult.Healthy("The key ring is empty; the first consent cookie creates its key.")
            : HealthCheckResult.Healthy($"{all.Count} key(s), all readable."));
    }

    private static bool CanUse(IKey key)
    {
        try
        {
            return key.CreateEncryptor() is not null;
        }
#pragma warning disable CA1031 // A key whose descriptor cannot be decrypted throws here.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
