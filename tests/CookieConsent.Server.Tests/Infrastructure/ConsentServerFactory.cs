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
        // Tests share two cores with other test assemblies: a production-sized Redis timeout would turn load into 503s.
        // The fail-closed tests pass their own short timeout.
        builder.UseSetting("CookieConsent:RedisTimeout", (redisTimeout ?? TimeSpan.FromSeconds(5)).ToString("c", CultureInfo.InvariantCulture));
        // Bad-input and isolation tests send many refused keys from one address: lift the lockout (its own tests set it).
        builder.UseSetting("CookieConsent:RateLimits:AuthFailures:PermitLimit", "1000000");
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
