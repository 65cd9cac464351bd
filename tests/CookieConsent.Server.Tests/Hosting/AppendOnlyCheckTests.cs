using System.Net;
using CookieConsent.Server.Tests.Infrastructure;
using CookieConsent.Testing;
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
    public async Task RedisWithAppendOnly_IsNotReported()
    {
        var logs = new CapturedLogs();
        await using var factory = TestAssembly.Server
            .WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        var api = new TestApi(factory.CreateClient(), TestContext);
        await api.WarmUpAsync();

        // The check ran (it is a start-up task) and found nothing to say.
        Assert.IsFalse(await logs.WaitForAsync("AppendOnlyOff", TimeSpan.FromSeconds(2), TestContext.CancellationToken));
        Assert.IsFalse(logs.Events.Any(e => e.Level >= LogLevel.Error), string.Join("\n", logs.Events.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message)));
    }
}
