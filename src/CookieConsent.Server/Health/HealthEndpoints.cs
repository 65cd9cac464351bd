using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CookieConsent.Server.Health;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: and Redis answers too.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithTags("Operations").WithSummary("Liveness: the process answers.");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(RedisReadyCheck.ReadyTag) })
            .WithTags("Operations").WithSummary("Readiness: Redis answers.");
        return app;
    }
}
