using StackExchange.Redis;

namespace CookieConsent.Server.Hosting;

/// <summary>Warns at start when an external Redis runs without AOF: acknowledged consents could be lost.</summary>
internal sealed class AppendOnlyCheck(IConnectionMultiplexer redis, ILogger<AppendOnlyCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var endpoint in redis.GetEndPoints())
        {
            try
            {
                var server = redis.GetServer(endpoint);
                var settings = await server.ConfigGetAsync("appendonly").WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
                if (settings.Any(s => s.Key == "appendonly" && s.Value == "no"))
                {
                    Log.AppendOnlyOff(logger);
                    return;
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // CONFIG may be disabled by the provider or Redis may be down; nothing to check then.
            }
        }
    }
}
