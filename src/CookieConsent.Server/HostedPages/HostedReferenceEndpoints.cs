using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Pages;
using CookieConsent.Server.Api;
using CookieConsent.Server.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CookieConsent.Server.HostedPages;

/// <summary>
/// <c>POST /v1/sites/{site}/visitors/{visitor}/hosted-reference</c> (site key): the signed visitor reference a client
/// site sends with its visitor to the hosted pages, so the choice made there comes back to it.
/// </summary>
internal static class HostedReferenceEndpoints
{
    public static RouteGroupBuilder MapHostedReference(this RouteGroupBuilder group)
    {
        group.MapPost("/visitors/{visitor}/hosted-reference", Create).WithName("CreateHostedReference")
            .RequireRateLimiting(RateLimits.Writes)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("A signed, short-lived reference to this visitor for the hosted pages (cc_ref): the choice made there is "
                + "recorded for the visitor and the 303 back to returnUrl carries a single-use code to exchange at /sync.");
        return group;
    }

    internal static async Task<Results<Ok<HostedReferenceResponse>, ProblemHttpResult, ValidationProblem>> Create(
        string site, string visitor, HostedReferenceRequest request, SiteStore sites, HostedVisitorReference references,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ConsentIds.IsValidVisitor(visitor))
        {
            return Problems.Invalid("visitor", "A visitor id is the canonical base64url of 16 to 32 random bytes.");
        }
        SiteDefinition? definition;
        try
        {
            definition = await sites.GetAsync(site, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
        if (definition is null)
        {
            return Problems.SiteNotFound(site);
        }
        // The one return-URL rule, absolute only: the code is appended to it and exchanged against it exactly.
        if (!Uri.TryCreate(request.ReturnUrl, UriKind.Absolute, out _)
            || !ReturnUrls.TryValidate(request.ReturnUrl, definition.AllowedReturnHosts, out var safe)
            || !safe.StartsWith("http", StringComparison.Ordinal))
        {
            return Problems.Invalid("returnUrl", "An absolute http(s) URL on one of the site's allowed return hosts.");
        }
        var reference = references.Protect(site, visitor, safe);
        return TypedResults.Ok(new HostedReferenceResponse(reference, time.GetUtcNow() + HostedVisitorReference.Lifetime));
    }
}
