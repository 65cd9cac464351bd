using CookieConsent.Server.Tests.Infrastructure;
using StackExchange.Redis;

[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

namespace CookieConsent.Server.Tests;

/// <summary>One redis-server and one server instance for the whole assembly; each test uses its own site ids.</summary>
[TestClass]
public static class TestAssembly
{
    private static RedisServer? s_redis;
    private static ConsentServerFactory? s_server;
    private static ConnectionMultiplexer? s_connection;

    public static RedisServer Redis => s_redis ?? throw new InvalidOperationException("The assembly fixture did not start.");

    public static ConsentServerFactory Server => s_server ?? throw new InvalidOperationException("The assembly fixture did not start.");

    /// <summary>A direct connection to the shared Redis, to look at what the server stored.</summary>
    public static IDatabase Database => (s_connection ?? throw new InvalidOperationException("The assembly fixture did not start.")).GetDatabase();

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_redis = RedisServer.Start();
        s_connection = s_redis.Connect();
        s_server = new ConsentServerFactory(s_redis.ConnectionString);
        // Start the host and create the DataProtection key ring once, before tests start other instances on this Redis.
        await new TestApi(s_server.CreateClient(), context).WarmUpAsync();
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
        }
        s_connection?.Dispose();
        s_redis?.Dispose();
    }
}
