using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Server.Tests.Hosting;

/// <summary>The managed local redis-server logs through the host's logging, like everything else.</summary>
[TestClass]
public sealed class LocalRedisServerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task WithoutConfiguredRedis_TheLocalRedisStartEvent_ReachesALoggerProviderRegisteredOnTheHost()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "cc-local-redis-" + Guid.NewGuid().ToString("N"));
        try
        {
            var logs = new CapturedLogs();
            await using (var factory = new ConsentServerFactory(redis: "").WithWebHostBuilder(builder =>
            {
                builder.UseSetting("CookieConsent:DataDir", dataDir);
                builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
            }))
            {
                var api = new TestApi(factory.CreateClient(), TestContext);
                await api.WarmUpAsync();
            }

            var started = logs.Events.Where(e => e.Event.Name == "LocalRedisStarted").ToList();
            Assert.HasCount(1, started, string.Join("\n", logs.Events.Select(e => e.Event.Name)));
            Assert.EndsWith("LocalRedisServer", started[0].Category);
            Assert.Contains(Path.Combine(dataDir, "redis"), started[0].Message, started[0].Message);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
