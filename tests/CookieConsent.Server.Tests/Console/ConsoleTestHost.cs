using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CookieConsent.Server.Tests.Console;

/// <summary>The shared server, or one on the shared Redis with a clock the test moves.</summary>
internal static class ConsoleTestHost
{
    public static WebApplicationFactory<Program> WithClock(TimeProvider clock) =>
        new ConsentServerFactory(TestAssembly.Redis.ConnectionString).WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }));

    public static async Task<ConsoleClient> SignedInAsync(WebApplicationFactory<Program> factory, CancellationToken cancellationToken)
    {
        var console = ConsoleClient.For(factory, cancellationToken);
        await console.SignInAsync();
        return console;
    }
}
