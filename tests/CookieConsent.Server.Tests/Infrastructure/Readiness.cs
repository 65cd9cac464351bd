using System.Net;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>Waits for a server instance to report ready again (after its Redis restarted or resumed).</summary>
public static class Readiness
{
    public static async Task WaitUntilReadyAsync(HttpClient client, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        var last = HttpStatusCode.ServiceUnavailable;
        while (DateTime.UtcNow < until)
        {
            using var response = await client.GetAsync("/health/ready", cancellationToken);
            last = response.StatusCode;
            if (last == HttpStatusCode.OK)
            {
                return;
            }
            await Task.Delay(100, cancellationToken);
        }
        Assert.Fail($"/health/ready still answered {(int)last} after {timeout}.");
    }
}
