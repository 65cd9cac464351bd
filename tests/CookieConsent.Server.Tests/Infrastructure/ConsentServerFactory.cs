using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>The real server, in memory, on a given Redis, with a known admin key and optionally a fake clock.</summary>
public sealed class ConsentServerFactory(string redis, TimeSpan? redisTimeout = null, TimeProvider? time = null)
    : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-5b1f0c7e9d2a4e8f";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // What ships: no development-only behaviour in the tests.
        builder.UseEnvironment("Production");
        builder.UseSetting("CookieConsent:Redis", redis);
        builder.UseSetting("CookieConsent:AdminKey", AdminKey);
        // Every test shares one client address; refused-key tests would otherwise trip the key-failure lockout
        // (its own tests live in CookieConsent.Resilience.Tests).
        builder.UseSetting("CookieConsent:RateLimits:AuthFailures:PermitLimit", "1000000");
        if (redisTimeout is { } timeout)
        {
            builder.UseSetting("CookieConsent:RedisTimeout", timeout.ToString("c", CultureInfo.InvariantCulture));
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(time);
            });
        }
    }
}
