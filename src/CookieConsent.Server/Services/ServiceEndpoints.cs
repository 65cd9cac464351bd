using CookieConsent.Client.Contracts;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Services;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Api;
using CookieConsent.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CookieConsent.Server.Services;

/// <summary><c>/v1/services/{service}</c>: create, read and delete services (admin key).</summary>
internal static class ServiceEndpoints
{
    public static IEndpointRouteBuilder MapServiceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/services/{service}").WithTags("Services (admin key)")
            .AddEndpointFilter(async (context, next) =>
                ConsentIds.IsValidSite(context.HttpContext.GetRouteValue("service") as string)
                    ? await next(context)
                    : Problems.Invalid("service", "A service id is 1 to 64 of a-z, 0-9 and '-'."))
            .RequireAdminKey()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPut("", Put).WithName("PutService")
            .WithSummary("Create or replace a service: its member sites (each in at most one service) and the categories its opt-out covers.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("", Get).WithName("GetService").WithSummary("A service's definition.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("", Delete).WithName("DeleteService")
            .WithSummary("Delete a service; its sites no longer sync (opt-outs already synced to a site stay recorded there).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/visitors/{visitor}/receipts", ExportReceipts).WithName("ExportServiceReceipts")
            .WithSummary("A service-level visitor's receipts (every opt-out and opt-back-in on the service's page), oldest first, with the hash-chain check.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<ServiceResponse>, Created<ServiceResponse>, ValidationProblem, ProblemHttpResult>> Put(
        string service, ServiceDefinition definition, ServiceStore services, SiteStore sites, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        try
        {
            var errors = await ValidateAsync(definition, sites, cancellationToken);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            var taken = await services.SitesOfOtherServicesAsync(service, definition.Sites, cancellationToken);
            if (taken.Count > 0)
            {
                return TypedResults.Problem($"A site belongs to at most one service; these already belong to another: {string.Join(", ", taken)}. Nothing was changed.",
                    statusCode: StatusCodes.Status409Conflict, title: "Site in another service");
            }
            var previous = await services.PutAsync(service, definition, cancellationToken);
            await RecordAsync(audit, service, previous, definition, AuditActions.ServiceChanged, cancellationToken);
            var response = new ServiceResponse(service, definition);
            return previous is null ? TypedResults.Created($"/v1/services/{service}", response) : TypedResults.Ok(response);
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<Ok<ServiceResponse>, ProblemHttpResult>> Get(
        string service, ServiceStore services, CancellationToken cancellationToken)
    {
        try
        {
            return await services.GetAsync(service, cancellationToken) is { } definition
                ? TypedResults.Ok(new ServiceResponse(service, definition))
                : NotFound(service);
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string service, ServiceStore services, AuditTrail audit, CancellationToken cancellationToken)
    {
        try
        {
            var previous = await services.GetAsync(service, cancellationToken);
            if (previous is null || !await services.DeleteAsync(service, cancellationToken))
            {
                return NotFound(service);
            }
            await RecordAsync(audit, service, previous, null, AuditActions.ServiceDeleted, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<Ok<ServiceReceiptExport>, ProblemHttpResult, ValidationProblem>> ExportReceipts(
        string service, string visitor, ServiceStore services, CancellationToken cancellationToken)
    {
        if (!ConsentIds.IsValidVisitor(visitor))
        {
            return Problems.Invalid("visitor", "A visitor id is the canonical base64url of 16 to 32 random bytes.");
        }
        try
        {
            if (await services.GetAsync(service, cancellationToken) is not { } definition)
            {
                return NotFound(service);
            }
            return await services.ReceiptsAsync(service, visitor, definition.Categories, cancellationToken) is { } export
                ? TypedResults.Ok(export)
                : TypedResults.Problem($"Service '{service}' has no receipts for this visitor.",
                    statusCode: StatusCodes.Status404NotFound, title: "No receipts");
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    /// <summary>
    /// A display name; 1 to 100 existing member sites; covered categories that are an optional category of at least one
    /// member (a site without one of them is simply not affected by it); a sync lifetime of 1 to 395 days.
    /// </summary>
    internal static async Task<Dictionary<string, string[]>> ValidateAsync(
        ServiceDefinition definition, SiteStore sites, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(definition.DisplayName) || definition.DisplayName.Length > 100)
        {
            errors["displayName"] = ["Give a name of 1 to 100 characters."];
        }
        if (definition.SyncLifetimeDays is < 1 or > 395)
        {
            errors["syncLifetimeDays"] = ["Between 1 and 395 days."];
        }
        if (definition.Sites is null || definition.Sites.Count is 0 or > 100 || definition.Sites.Distinct(StringComparer.Ordinal).Count() != definition.Sites.Count)
        {
            errors["sites"] = ["Give 1 to 100 distinct site ids."];
            return errors;
        }
        var optional = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Sites.Count; i++)
        {
            var id = definition.Sites[i];
            var site = ConsentIds.IsValidSite(id) ? await sites.GetAsync(id, cancellationToken) : null;
            if (site is null)
            {
                errors[$"sites[{i}]"] = ["There is no such site."];
                continue;
            }
            optional.UnionWith(site.Categories.Where(c => !c.Required).Select(c => c.Id));
        }
        if (definition.Categories is null || definition.Categories.Count == 0)
        {
            errors["categories"] = ["Name the optional categories the opt-out covers."];
        }
        else
        {
            for (var i = 0; i < definition.Categories.Count; i++)
            {
                if (!optional.Contains(definition.Categories[i]))
                {
                    errors[$"categories[{i}]"] = ["No member site has this optional category."];
                }
            }
        }
        return errors;
    }

    // A service spans sites: each member, before or after, gets the entry in its own log.
    private static async Task RecordAsync(
        AuditTrail audit, string service, ServiceDefinition? before, ServiceDefinition? after, string action,
        CancellationToken cancellationToken)
    {
        foreach (var site in ServiceChanges.AffectedSites(before, after))
        {
            await audit.RecordAsync(site, AuditTrail.AdminApi, action, ServiceChanges.Describe(service, before, after, site), cancellationToken);
        }
    }

    private static ProblemHttpResult NotFound(string service) =>
        TypedResults.Problem($"There is no service '{service}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown service");
}
