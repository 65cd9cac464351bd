using CookieConsent.Client.Contracts;
using CookieConsent.Core.Audit;
using CookieConsent.Server.Services;

namespace CookieConsent.Server.Console;

/// <summary>
/// The site form's service membership field. Membership is stored on the service (its list of sites), so a change
/// rewrites the services concerned — each checked with the API's own service validator first, so the form refuses
/// exactly what <c>PUT /v1/services/{service}</c> would, and nothing is stored when it does.
/// </summary>
internal static class ServiceMembership
{
    public const string Field = "service";

    /// <summary>The services to rewrite (leaving one, joining another), or the errors to show next to the field.</summary>
    public static async Task<(IReadOnlyList<(string Id, ServiceDefinition? Before, ServiceDefinition After)> Changes, string[]? Errors)> PlanAsync(
        ConsoleRequest request, string site, string requested, CancellationToken cancellationToken)
    {
        var services = request.Services.ServiceStore;
        var current = await services.OfSiteAsync(site, cancellationToken);
        if (requested == (current?.Id ?? ""))
        {
            return ([], null);
        }
        var changes = new List<(string, ServiceDefinition?, ServiceDefinition)>();
        if (current is { } left)
        {
            changes.Add((left.Id, left.Definition, left.Definition with { Sites = [.. left.Definition.Sites.Where(s => s != site)] }));
        }
        if (requested.Length > 0)
        {
            var joined = ConsentIds.IsValidSite(requested) ? await services.GetAsync(requested, cancellationToken) : null;
            if (joined is null)
            {
                return ([], [request.Strings.UnknownService]);
            }
            changes.Add((requested, joined, joined with { Sites = [.. joined.Sites, site] }));
        }
        var errors = new List<string>();
        foreach (var (id, _, after) in changes)
        {
            foreach (var (field, messages) in await ServiceEndpoints.ValidateAsync(after, request.Services.Sites, cancellationToken))
            {
                errors.AddRange(messages.Select(m => $"{id}: {field}: {m}"));
            }
        }
        return errors.Count > 0 ? ([], [.. errors]) : (changes, null);
    }

    /// <summary>Stores the planned services and records each change in the affected sites' audit logs.</summary>
    public static async Task ApplyAsync(
        ConsoleRequest request, IReadOnlyList<(string Id, ServiceDefinition? Before, ServiceDefinition After)> changes,
        CancellationToken cancellationToken)
    {
        foreach (var (id, before, after) in changes)
        {
            await request.Services.ServiceStore.PutAsync(id, after, cancellationToken);
            foreach (var affected in ServiceChanges.AffectedSites(before, after))
            {
                await request.Services.Audit.RecordAsync(affected, request.Actor, AuditActions.ServiceChanged,
                    ServiceChanges.Describe(id, before, after, affected), cancellationToken);
            }
        }
    }
}
