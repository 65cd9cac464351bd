using StackExchange.Redis;

namespace CookieConsent.Server.Hosting;

/// <summary>Warns at start when an external Redis runs without AOF: acknowledged consents could be lost; says so when AOF is on.</summary>
internal sealed class AppendOnlyCheck(IConnectionMultiplexer redis, ILogger<AppendOnlyCheck> logger) : BackgroundService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // StackExchange.Redis refuses INFO and CONFIG unless admin mode is on. The shared connection stays
        // without it (nothing on a request path needs admin commands); a short-lived one asks each node instead.
        var options = ConfigurationOptions.Parse(redis.Configuration);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        try
        {
            using var admin = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(Timeout, stoppingToken);
            var endpoints = admin.GetEndPoints();
            foreach (var endpoint in endpoints)
            {
                var info = await admin.GetServer(endpoint).InfoAsync("persistence").WaitAsync(Timeout, stoppingToken);
                if (info.SelectMany(group => group).Any(s => s.Key == "aof_enabled" && s.Value == "0"))
                {
                    Log.AppendOnlyOff(logger);
                    return;
                }
            }
            // Said too, so that a check which silently stopped running cannot pass for one that found AOF on.
            Log.AppendOnlyOn(logger, endpoints.Length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Redis may be down or refuse INFO; a warning check must never stop the server.
            Log.AppendOnlyUnknown(logger, ex.GetType().Name + ": " + ex.Message);
        }
    }
}
