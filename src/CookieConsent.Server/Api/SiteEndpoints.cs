using CookieConsent.Pages;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.ApiKeys;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Client.Decisions;
using CookieConsent.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CookieConsent.Server.Api;

/// <summary>Site configuration and keys (admin key), and the public policy.</summary>
internal static class SiteEndpoints
{
    public static RouteGroupBuilder MapPolicyEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/policy", GetPolicy).WithName("GetPolicy")
            .WithSummary("The site's categories, texts and current policy version (public).");
        return group;
    }

    public static RouteGroupBuilder MapSiteEndpoints(this RouteGroupBuilder group)
    {
        group.MapPut("", PutSite).WithName("PutSite").WithSummary("Create or replace a site.")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("", GetSite).WithName("GetSite").WithSummary("A site's configuration.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/revisions", ListRevisions).WithName("ListSiteRevisions")
            .WithSummary("The site's notice revisions (content hash, when accepted, policy version) and which is current.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/revisions/{hash}", GetRevision).WithName("GetSiteRevision")
            .WithSummary("One notice revision: the site definition exactly as it was accepted.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/keys", CreateKey).WithName("CreateKey").WithSummary("Create a site API key; the key is shown only in this answer.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/keys/{keyId}", RevokeKey).WithName("RevokeKey").WithSummary("Revoke a site API key.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Results<Ok<PolicyResponse>, ProblemHttpResult>> GetPolicy(
        string site, SiteStore sites, TimeProvider time, CancellationToken cancellationToken)
    {
        var (definition, problem) = await Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        return TypedResults.Ok(new PolicyResponse(
            site, ConsentDecider.CurrentPolicyVersion(definition, time.GetUtcNow()), definition, sites.RevisionOf(definition)));
    }

    internal static async Task<Results<Ok<SiteResponse>, Created<SiteResponse>, ValidationProblem, ProblemHttpResult>> PutSite(
        string site, SiteDefinition definition, SiteStore sites, AuditTrail audit, CancellationToken cancellationToken)
    {
        var errors = Validate(definition);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        try
        {
            var previous = await sites.ReplaceAsync(site, definition, cancellationToken);
            await audit.RecordAsync(site, AuditTrail.AdminApi, previous is null ? AuditActions.SiteCreated : AuditActions.SiteChanged,
                SiteChanges.Describe(previous, definition), cancellationToken);
            var response = new SiteResponse(site, definition, SiteRevisions.Hash(definition));
            return previous is not null ? TypedResults.Ok(response) : TypedResults.Created($"/v1/sites/{site}", response);
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<Ok<SiteResponse>, ProblemHttpResult>> GetSite(
        string site, SiteStore sites, CancellationToken cancellationToken)
    {
        var (definition, problem) = await Load(sites, site, cancellationToken);
        return definition is null ? problem! : TypedResults.Ok(new SiteResponse(site, definition, SiteRevisions.Hash(definition)));
    }

    internal static async Task<Results<Ok<SiteRevisionList>, ProblemHttpResult>> ListRevisions(
        string site, SiteStore sites, CancellationToken cancellationToken)
    {
        var (definition, problem) = await Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            var revisions = await sites.ListRevisionsAsync(site, cancellationToken);
            return TypedResults.Ok(new SiteRevisionList(site, SiteRevisions.Hash(definition), revisions));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<Ok<SiteRevision>, ProblemHttpResult>> GetRevision(
        string site, string hash, SiteStore sites, CancellationToken cancellationToken)
    {
        try
        {
            var revision = await sites.GetRevisionAsync(site, hash, cancellationToken);
            return revision is null
                ? TypedResults.Problem($"Site '{site}' has no notice revision '{hash}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown revision")
                : TypedResults.Ok(revision);
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<Created<ApiKeyCreated>, ProblemHttpResult>> CreateKey(
        string site, SiteStore sites, ApiKeyStore keys, AuditTrail audit, CancellationToken cancellationToken)
    {
        var (definition, problem) = await Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            var created = await keys.CreateAsync(site, cancellationToken);
            await audit.RecordAsync(site, AuditTrail.AdminApi, AuditActions.KeyCreated, "key " + created.KeyId, cancellationToken);
            return TypedResults.Created($"/v1/sites/{site}/keys/{created.KeyId}", created);
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        string site, string keyId, ApiKeyStore keys, AuditTrail audit, CancellationToken cancellationToken)
    {
        try
        {
            if (await keys.RevokeAsync(site, keyId, cancellationToken))
            {
                await audit.RecordAsync(site, AuditTrail.AdminApi, AuditActions.KeyRevoked, "key " + keyId, cancellationToken);
                return TypedResults.NoContent();
            }
            return TypedResults.Problem($"Site '{site}' has no key '{keyId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown key");
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    /// <summary>Every error the API gives for <paramref name="definition"/>, by JSON field (the console's form uses it too).</summary>
    internal static Dictionary<string, string[]> Validate(SiteDefinition definition)
    {
        var errors = SiteValidator.Validate(definition);
        if (definition.HomeUrl is { } home && !IsAllowedHomeUrl(home, definition.AllowedReturnHosts))
        {
            errors["homeUrl"] = ["An absolute http(s) URL on one of allowedReturnHosts."];
        }
        return errors;
    }

    // The same rule as every return URL of the hosted pages, and absolute: the link is followed from the server's origin.
    private static bool IsAllowedHomeUrl(string home, IReadOnlyList<string>? allowedHosts) =>
        Uri.TryCreate(home, UriKind.Absolute, out _)
        && ReturnUrls.TryValidate(home, allowedHosts, out var safe)
        && !safe.StartsWith('/');

    /// <summary>The site's definition, or the problem to answer instead (404 unknown, 503 unavailable).</summary>
    // A cached definition is handed on without a task of its own; only a read from Redis takes the async path.
    internal static ValueTask<(SiteDefinition? Definition, ProblemHttpResult? Problem)> Load(
        SiteStore sites, string site, CancellationToken cancellationToken)
    {
        var pending = sites.GetAsync(site, cancellationToken);
        return pending.IsCompletedSuccessfully
            ? ValueTask.FromResult(Found(site, pending.Result))
            : LoadAsync(pending, site);
    }

    private static async ValueTask<(SiteDefinition? Definition, ProblemHttpResult? Problem)> LoadAsync(
        ValueTask<SiteDefinition?> pending, string site)
    {
        try
        {
            return Found(site, await pending);
        }
        catch (StoreUnavailableException)
        {
            return (null, Problems.Unavailable());
        }
    }

    private static (SiteDefinition? Definition, ProblemHttpResult? Problem) Found(string site, SiteDefinition? definition) =>
        definition is null ? (null, Problems.SiteNotFound(site)) : (definition, null);
}
