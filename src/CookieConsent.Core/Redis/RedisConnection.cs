using StackExchange.Redis;

namespace CookieConsent.Core.Redis;

/// <summary>
/// The one place the multiplexer's settings are chosen, for the server, the test fixtures and the benchmarks alike:
/// every call fails within the configured timeout, and the connection comes back by itself after Redis restarts.
/// </summary>
/// <remarks>
/// Everything else in the connection string is kept as given: endpoints, <c>user=</c> and <c>password=</c> (ACL),
/// <c>serviceName=</c> (Sentinel), <c>ssl=</c> and <c>sslHost=</c> (TLS), <c>connectTimeout=</c>, and the rest.
/// </remarks>
public static class RedisConnection
{
    private static readonly TimeSpan MaxHeartbeat = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Parses <paramref name="connectionString"/> and applies the fail-closed settings derived from
    /// <paramref name="callTimeout"/> (<c>CookieConsent:RedisTimeout</c>); these replace any timeout, backlog or
    /// <c>abortConnect</c> setting of the string.
    /// </summary>
    public static ConfigurationOptions Configure(string connectionString, TimeSpan callTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(callTimeout, TimeSpan.FromMilliseconds(10));
        var options = ConfigurationOptions.Parse(connectionString);

        // The library checks async timeouts on its heartbeat, so a call fails at most one heartbeat after its
        // AsyncTimeout: the two together stay within callTimeout.
        var heartbeat = TimeSpan.FromTicks(Math.Min(MaxHeartbeat.Ticks, callTimeout.Ticks / 10));
        var timeout = (int)Math.Max(1, (callTimeout - heartbeat).TotalMilliseconds);
        options.HeartbeatInterval = heartbeat;
        options.AsyncTimeout = timeout;
        options.SyncTimeout = timeout;
        // While nothing is connected, fail at once instead of queueing calls for their whole timeout (the default
        // backlog): a read answers "denied" and a write 503 immediately.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Start even when Redis is down: /health/ready says so, reads fail closed, and it reconnects by itself.
        options.AbortOnConnectFail = false;
        // Retry a lost connection every 200 ms (the default backs off exponentially): back within a second of a restart.
        options.ReconnectRetryPolicy = new LinearRetry(200);
        // A connect against a dead or frozen host otherwise blocks start-up for 5 s; an explicit connectTimeout wins.
        if (!Mentions(connectionString, "connectTimeout"))
        {
            options.ConnectTimeout = (int)Math.Clamp(callTimeout.TotalMilliseconds, 1000, 5000);
        }
        return options;
    }

    /// <summary>Connects with <see cref="Configure"/>'s settings; returns even when Redis is unreachable.</summary>
    public static ConnectionMultiplexer Connect(string connectionString, TimeSpan callTimeout) =>
        ConnectionMultiplexer.Connect(Configure(connectionString, callTimeout));

    private static bool Mentions(string connectionString, string key) =>
        connectionString.Split(',').Any(part => part.TrimStart().StartsWith(key + "=", StringComparison.OrdinalIgnoreCase));
}
