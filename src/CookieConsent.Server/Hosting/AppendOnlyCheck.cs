using StackExchange.Redis;

namespace CookieConsent.Server.Hosting;

/// <summary>Warns at start when an external Redis runs without AOF: acknowledged consents could be lost.</summary>
internal sealed class AppendOnlyCheck(IConnectionMultiplexer redis, ILogger<AppendOnlyCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Sent as a raw command: IServer.ConfigGet needs 'allowAdmin=true' and, without it, throws a
            // RedisCommandException that would stop the host. A deployment should not have to grant admin mode.
            var reply = await redis.GetDatabase().ExecuteAsync("CONFIG", "GET", "appendonly")
                .WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            if (!reply.IsNull && (RedisResult[])reply! is [_, var value] && (string?)value == "no")
            {
                Log.AppendOnlyOff(logger);
            }
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            // CONFIG may be disabled by the provider or Redis may be down; nothing to check then.
        }
    }
}
