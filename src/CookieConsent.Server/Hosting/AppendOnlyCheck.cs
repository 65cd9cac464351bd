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
                // INFO rather than CONFIG GET: CONFIG needs allowAdmin in StackExchange.Redis and is often disabled by
                // hosted Redis offerings; INFO persistence reports the same setting as aof_enabled.
                var info = await redis.GetServer(endpoint).InfoAsync("persistence").WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
                if (info.SelectMany(group => group).Any(s => s.Key == "aof_enabled" && s.Value == "0"))
                {
                    Log.AppendOnlyOff(logger);
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Redis may be down or refuse INFO; a warning check must never stop the server.
            }
        }
    }
}
