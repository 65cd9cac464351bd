namespace CookieConsent.Resilience.Tests.Infrastructure;

/// <summary>One redis-server for the tests that never break it; each of them uses its own site ids.</summary>
[TestClass]
public static class SharedRedis
{
    private static readonly Lazy<RedisServer> Server = new(() => RedisServer.Start(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> ConnectionStringAsync() => Task.Run(() => Server.Value.ConnectionString);

    [AssemblyCleanup]
    public static void StopSharedRedis()
    {
        if (Server.IsValueCreated)
        {
            Server.Value.Dispose();
        }
    }
}
