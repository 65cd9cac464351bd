using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Services;
using CookieConsent.Core.Sites;
using CookieConsent.Pages;
using CookieConsent.Server.Api;
using CookieConsent.Server.Consent;
using CookieConsent.Server.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CookieConsent.Server.Services;

/// <summary>
/// The sync bounce. <c>GET /sync/{site}</c> is a top-level navigation from a client site: the server reads its own
/// first-party cookie and sends the visitor straight back (303) with a single-use code bound to the site and the
/// return URL. The site then exchanges the code, server to server with its key, at <c>POST /v1/sites/{site}/sync</c>.
/// </summary>
internal static class SyncEndpoints
{
    public const string CodeParameter = "cc_sync";
    public const string StateParameter = "cc_state";

    // The state is the site's own (signed, single use there); here it only has to be a plausible token to hand back.
    private const int MaxStateLength = 1024;

    public static IEndpointRouteBuilder MapSyncBounce(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sync/{site}", Bounce).WithName("SyncBounce").WithTags("Hosted pages")
            .AddEndpointFilter(OptOutPage.SecurityHeaders)
            .WithSummary("The sync bounce: 303 back to the validated returnUrl with a single-use code (cc_sync, 60 s) and the site's state (cc_state).")
            .Produces(StatusCodes.Status303SeeOther)
            .Produces<string>(StatusCodes.Status400BadRequest, "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html")
            .RequireRateLimiting(RateLimits.FormPosts);
        return app;
    }

    public static RouteGroupBuilder MapSyncExchange(this RouteGroupBuilder group)
    {
        group.MapPost("/sync", Exchange).WithName("ExchangeSyncCode")
            .RequireRateLimiting(RateLimits.Writes)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Exchange a sync bounce's single-use code for the visitor's service-level decision; records it for the "
                + "site's visitor (source service) and returns the cookie to set. A used, expired, other-site or other-URL code is 422.");
        return group;
    }

    internal static async Task<IResult> Bounce(
        string site, string? returnUrl, string? state, HttpContext http, SiteStore sites, ServiceStore services,
        TimeProvider time, ILogger<ServiceStore> logger, CancellationToken cancellationToken)
    {
        var strings = OptOutPage.StringsFor(http);
        if (!ConsentIds.IsValidSite(site))
        {
            return OptOutPage.Error(strings, StatusCodes.Status404NotFound, strings.UnknownService);
        }
        SiteDefinition? definition;
        try
        {
            definition = await sites.GetAsync(site, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            definition = null;
        }
        // Only an absolute URL on one of the site's hosts: a bounce never ends anywhere else (no open redirect).
        if (definition is null
            || !Uri.TryCreate(returnUrl, UriKind.Absolute, out _)
            || !ReturnUrls.TryValidate(returnUrl, definition.AllowedReturnHosts, out var safe)
            || !safe.StartsWith("http", StringComparison.Ordinal))
        {
            ServiceLog.ReturnUrlRefused(logger, site);
            return OptOutPage.Error(strings, StatusCodes.Status400BadRequest, strings.BadReturnUrl);
        }
        string? code = null;
        try
        {
            var member = await services.OfSiteAsync(site, cancellationToken);
            var optedOut = false;
            ServiceOptOut? optOut = null;
            if (member is { } m)
            {
                var gpc = http.Request.Headers["Sec-GPC"] == "1" && definition.HonorGlobalPrivacyControl;
                optOut = ServiceVisitorCookie.Read(http.Request) is { } visitor
                    ? await services.OptOutOfAsync(m.Id, visitor, cancellationToken)
                    : null;
                optedOut = gpc || optOut is not null;
            }
            code = await services.IssueCodeAsync(
                new SyncGrant(site, safe, member?.Id, optedOut, time.GetUtcNow(), OptOut: optOut), cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            // Back without a code: the site keeps its regime default or local choice and tries again later.
            Log.StoreUnavailable(logger, "sync bounce", ex.Message);
        }
        http.Response.Headers.Location = ReturnLocation(safe, code, state);
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    internal static async Task<Results<Ok<SyncExchangeResponse>, ProblemHttpResult, ValidationProblem>> Exchange(
        string site, SyncExchangeRequest request, SiteStore sites, ServiceStore services, ConsentStore consents,
        ConsentRecorder recorder, TimeProvider time, ILogger<ServiceStore> logger, CancellationToken cancellationToken)
    {
        if (!ConsentIds.IsValidVisitor(request.Visitor))
        {
            return Problems.Invalid("visitor", "A visitor id is the canonical base64url of 16 to 32 random bytes.");
        }
        try
        {
            var definition = await sites.GetAsync(site, cancellationToken);
            if (definition is null)
            {
                return Problems.SiteNotFound(site);
            }
            // Taken (deleted) before it is checked: whatever the outcome, the code is spent.
            var grant = await services.TakeCodeAsync(request.Code ?? "", cancellationToken);
            var refusal = grant is null || time.GetUtcNow() - grant.IssuedAt > ServiceStore.CodeLifetime ? "unknown, expired or already used"
                : grant.Site != site ? "issued for another site"
                : !string.Equals(grant.ReturnUrl, request.ReturnUrl, StringComparison.Ordinal) ? "issued for another return URL"
                : null;
            if (refusal is not null)
            {
                ServiceLog.CodeRefused(logger, site, refusal);
                return TypedResults.Problem($"The sync code is {refusal}. Nothing was changed.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid sync code");
            }
            if (grant!.Visitor is { } chooser)
            {
                return TypedResults.Ok(await HandBackAsync(site, chooser, definition, services, consents, recorder, cancellationToken));
            }
            var service = grant.Service is null ? null : await services.GetAsync(grant.Service, cancellationToken);
            if (service is null)
            {
                return TypedResults.Ok(new SyncExchangeResponse(null, false, 30, null));
            }
            var current = await consents.GetAsync(site, request.Visitor, cancellationToken);
            var revision = await sites.EnsureRevisionAsync(site, definition, cancellationToken);
            var prepared = ServiceConsent.Prepare(
                site, request.Visitor, definition, current, service, grant.OptedOut, revision, time.GetUtcNow(), grant.OptOut);
            var recorded = prepared is null
                ? null
                : await recorder.RecordPreparedAsync(site, request.Visitor, definition, prepared, cancellationToken);
            return TypedResults.Ok(new SyncExchangeResponse(grant.Service, grant.OptedOut, service.SyncLifetimeDays, recorded));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    // A choice made on the site's hosted pages: the consent recorded there for the site's visitor, with its cookie.
    private static async Task<SyncExchangeResponse> HandBackAsync(
        string site, string visitor, SiteDefinition definition, ServiceStore services, ConsentStore consents,
        ConsentRecorder recorder, CancellationToken cancellationToken)
    {
        var member = await services.OfSiteAsync(site, cancellationToken);
        var lifetime = member?.Definition.SyncLifetimeDays ?? 30;
        var state = await consents.GetAsync(site, visitor, cancellationToken);
        return new SyncExchangeResponse(member?.Id, false, lifetime,
            state is null ? null : recorder.Current(site, visitor, definition, state));
    }

    /// <summary>The validated return URL with the code (when there is one) and the site's state handed back.</summary>
    internal static string ReturnLocation(string safeReturnUrl, string? code, string? state) =>
        safeReturnUrl + (safeReturnUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')
            + (code is null ? "" : CodeParameter + "=" + code + "&")
            + StateParameter + "=" + Uri.EscapeDataString(ValidState(state) ?? "");

    internal static string? ValidState(string? state) =>
        string.IsNullOrEmpty(state) || state.Length > MaxStateLength || state.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            ? null
            : state;
}
