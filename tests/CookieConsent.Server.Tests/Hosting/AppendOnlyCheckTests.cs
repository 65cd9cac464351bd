using System.Net;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Server.Tests.Hosting;

/// <summary>An external Redis without AOF is reported at start; the check never stops the server.</summary>
[TestClass]
public sealed class AppendOnlyCheckTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task RedisWithoutAppendOnly_IsReportedAtStart_AndTheServerKeepsServing()
    {
        using var redis = RedisServer.Start();
        Assert.AreEqual("OK", redis.RunCli("config", "set", "appendonly", "no"));
        var logs = new CapturedLogs();
        await using var factory = new ConsentServerFactory(redis.ConnectionString)
            .WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        var api = new TestApi(factory.CreateClient(), TestContext);

        Assert.IsTrue(await logs.WaitForAsync("AppendOnlyOff", TimeSpan.FromSeconds(10), TestContext.CancellationToken),
            "expected the AppendOnlyOff warning");
        await api.WarmUpAsync();
        using var ready = await api.Http.GetAsync("/health/ready", TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, ready.StatusCode);
    }

    [TestMethod]
    public async Task RedisWithAppendOnly_IsCheckedAndFoundOn_WithoutAWarning()
    {
        var logs = new CapturedLogs();
        await using var factory = TestAssembly.Server
            .WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information)));
        var api = new TestApi(factory.CreateClient(), TestContext);
        await api.WarmUpAsync();

        // The check ran (its own event says it found AOF on) and did not warn.
        Assert.IsTrue(await logs.WaitForAsync("AppendOnlyOn", TimeSpan.FromSeconds(10), TestContext.CancellationToken),
            "expected the check to report AOF on");
        Assert.IsFalse(logs.Events.Any(e => e.Event.Name is "AppendOnlyOff" or "AppendOnlyUnknown"), string.Join("\n", logs.Events.Select(e => e.Message)));
        Assert.IsFalse(logs.Events.Any(e => e.Level >= LogLevel.Error), string.Join("\n", logs.Events.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message)));
    }
}
