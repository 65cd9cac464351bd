using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CookieConsent.Server.Health;

/// <summary>Ready means Redis answers a PING in time: without it no consent can be stored or read.</summary>
internal sealed class RedisReadyCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.0} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis is unreachable.");
        }
    }
}
