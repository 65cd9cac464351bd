using System.Diagnostics;
using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Server.Tests.Redis;

/// <summary>The multiplexer settings every Redis connection of the server is made with.</summary>
[TestClass]
public sealed class RedisConnectionTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Configure_KeepsAclTlsAndSentinelSettingsOfTheConnectionString()
    {
        var options = RedisConnection.Configure(
            "sentinel-1:26379,sentinel-2:26379,serviceName=consent,user=consent-server,password=pw,ssl=true,sslHost=redis.example,"
            + "sentinelUser=watcher,sentinelPassword=spw,connectTimeout=3000", TimeSpan.FromSeconds(1));

        Assert.HasCount(2, options.EndPoints);
        Assert.AreEqual("consent", options.ServiceName);
        Assert.AreEqual("consent-server", options.User);
        Assert.AreEqual("pw", options.Password);
        Assert.AreEqual("watcher", options.SentinelUser);
        Assert.AreEqual("spw", options.SentinelPassword);
        Assert.IsTrue(options.Ssl);
        Assert.AreEqual("redis.example", options.SslHost);
        Assert.AreEqual(3000, options.ConnectTimeout, "an explicit connectTimeout wins");
    }

    [TestMethod]
    [DataRow("00:00:01", 900, 100)]
    [DataRow("00:00:02", 1900, 100)]
    [DataRow("00:00:00.500", 450, 50)]
    public void Configure_DerivesTimeoutsFromTheCallTimeout_SoACallFailsWithinIt(string callTimeout, int timeoutMs, int heartbeatMs)
    {
        var options = RedisConnection.Configure("127.0.0.1:6379,syncTimeout=5000,asyncTimeout=5000,abortConnect=true", TimeSpan.Parse(callTimeout));

        Assert.AreEqual(timeoutMs, options.AsyncTimeout);
        Assert.AreEqual(timeoutMs, options.SyncTimeout);
        Assert.AreEqual(TimeSpan.FromMilliseconds(heartbeatMs), options.HeartbeatInterval);
        Assert.AreSame(BacklogPolicy.FailFast, options.BacklogPolicy);
        Assert.IsFalse(options.AbortOnConnectFail);
        Assert.IsInstanceOfType<LinearRetry>(options.ReconnectRetryPolicy);
    }

    [TestMethod]
    public async Task WhileRedisIsDown_ACallFailsAtOnce_AndSucceedsSoonAfterRedisIsBack()
    {
        using var redis = RedisServer.Start();
        using var connection = RedisConnection.Connect(redis.ConnectionString, TimeSpan.FromSeconds(5));
        var db = connection.GetDatabase();
        await db.StringSetAsync("cc:connection-test", "1");

        redis.Kill();
        // Once the library has noticed the closed socket, nothing waits for the 5 s timeout (the default backlog would).
        await WaitUntilAsync(() => !connection.IsConnected, TimeSpan.FromSeconds(10));
        var failing = Stopwatch.StartNew();
        await Assert.ThrowsAsync<RedisConnectionException>(() => db.StringGetAsync("cc:connection-test"));
        Assert.IsLessThan(TimeSpan.FromSeconds(2), failing.Elapsed, "failed fast while disconnected");

        redis.Launch();
        var back = Stopwatch.StartNew();
        await WaitUntilAsync(() => connection.IsConnected, TimeSpan.FromSeconds(10));
        Assert.IsLessThan(TimeSpan.FromSeconds(5), back.Elapsed, "reconnected by itself");
        Assert.AreEqual("1", (string?)await db.StringGetAsync("cc:connection-test"), "AOF kept the value");
    }

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.IsLessThan(until, DateTime.UtcNow, "timed out waiting");
            await Task.Delay(20, TestContext.CancellationToken);
        }
    }
}
