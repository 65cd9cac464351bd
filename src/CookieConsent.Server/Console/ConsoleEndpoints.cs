using CookieConsent.Client.Contracts;
using CookieConsent.Server.HostedPages;
using CookieConsent.Server.RateLimiting;

namespace CookieConsent.Server.Console;

/// <summary>
/// The operator console under <c>/admin</c>: sign-in with the admin key, then sites, policy versions, keys, statistics,
/// visitors and the audit log — server-rendered forms, POST then 303, no script, the visitor pages' CSP.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>Where the console lives.</summary>
    public const string Root = "/admin";

    // The visitor pages' policy, and no framing: the console's buttons change things.
    private const string ContentSecurityPolicy = HostedPageEndpoints.ContentSecurityPolicy + "; frame-ancestors 'none'; form-action 'self'";

    /// <summary>Maps the console. Its services are registered with the server's own.</summary>
    public static IEndpointRouteBuilder MapOperatorConsole(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var console = app.MapGroup(Root).WithTags("Operator console").ExcludeFromDescription()
            .AddEndpointFilter(SecurityHeaders)
            // Antiforgery is checked by hand, so a failure gets a console page in the operator's language.
            .DisableAntiforgery();

        console.MapGet(ConsoleStylesheet.Path, ConsoleStylesheet.Serve);
        console.MapGet("/sign-in", SignInPage.Show);
        console.MapPost("/sign-in", SignInPage.Submit).RequireRateLimiting(RateLimits.FormPosts);

        var signedIn = console.MapGroup("").AddEndpointFilter(RequireSession);
        signedIn.MapGet("", (HttpContext http) => ConsoleLayout.SeeOther(http, http.Request.PathBase + Root + "/sites"));
        signedIn.MapPost("/sign-out", SignInPage.SignOut);
        signedIn.MapGet("/sites", SitesPage.List);
        signedIn.MapGet("/sites/new", SitesPage.New);
        signedIn.MapPost("/sites/new", SitesPage.Create).RequireRateLimiting(RateLimits.FormPosts);

        var site = signedIn.MapGroup("/sites/{site}").AddEndpointFilter(RequireValidSite);
        site.MapGet("", SitesPage.Edit);
        site.MapPost("", SitesPage.Update).RequireRateLimiting(RateLimits.FormPosts);
        site.MapGet("/preview", PreviewPage.Show);
        site.MapGet("/policy", PolicyPage.Show);
        site.MapPost("/policy", PolicyPage.Schedule).RequireRateLimiting(RateLimits.FormPosts);
        site.MapPost("/policy/{version:int}/cancel", PolicyPage.Cancel).RequireRateLimiting(RateLimits.FormPosts);
        site.MapGet("/keys", KeysPage.List);
        site.MapPost("/keys", KeysPage.Create).RequireRateLimiting(RateLimits.FormPosts);
        site.MapGet("/keys/{keyId}/revoke", KeysPage.ConfirmRevoke);
        site.MapPost("/keys/{keyId}/revoke", KeysPage.Revoke).RequireRateLimiting(RateLimits.FormPosts);
        site.MapGet("/stats", StatsPage.Show);
        site.MapGet("/stats.csv", StatsPage.Csv);
        site.MapGet("/visitors", VisitorsPage.Lookup);
        site.MapGet("/visitors/{visitor}/receipts.json", VisitorsPage.Export);
        site.MapGet("/visitors/{visitor}/erase", VisitorsPage.ConfirmErase);
        site.MapPost("/visitors/{visitor}/erase", VisitorsPage.Erase).RequireRateLimiting(RateLimits.FormPosts);
        site.MapGet("/audit", AuditPage.Show);
        return app;
    }

    // Without a live session nothing runs: a page sends the operator to sign in, and a form post changes nothing.
    private static async ValueTask<object?> RequireSession(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var session = http.RequestServices.GetRequiredService<ConsoleSessions>().Read(http);
        if (session is null)
        {
            return ConsoleLayout.SeeOther(http, http.Request.PathBase + Root + "/sign-in");
        }
        http.Items[typeof(ConsoleSession)] = session;
        return await next(context);
    }

    private static async ValueTask<object?> RequireValidSite(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (ConsentIds.IsValidSite(http.GetRouteValue("site") as string))
        {
            return await next(context);
        }
        var request = new ConsoleRequest(http, ConsoleServicesFrom(http));
        return ConsoleLayout.Error(request, StatusCodes.Status404NotFound, request.Strings.UnknownSite);
    }

    internal static ConsoleServices ConsoleServicesFrom(HttpContext http)
    {
        var services = http.RequestServices;
        return new ConsoleServices(
            services.GetRequiredService<Core.Sites.SiteStore>(),
            services.GetRequiredService<Core.ApiKeys.ApiKeyStore>(),
            services.GetRequiredService<Core.Consent.ConsentStore>(),
            services.GetRequiredService<Core.Audit.AuditLog>(),
            services.GetRequiredService<Audit.AuditTrail>(),
            services.GetRequiredService<ConsoleSessions>(),
            services.GetRequiredService<AuthFailureLimiter>(),
            services.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<ConsoleServices>>(),
            services.GetRequiredService<Core.Services.ServiceStore>());
    }

    private static async ValueTask<object?> SecurityHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        // Keys shown once, visitors' receipts: nothing of the console may be kept by a cache.
        // (Exactly what antiforgery sets on pages with a form, so it has nothing to override.)
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        return await next(context);
    }
}
