using CookieConsent.Client.Contracts;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Redis;

namespace CookieConsent.Server.Console;

/// <summary>Sites: the list, the new-site form and the edit form (one form for the whole definition).</summary>
internal static class SitesPage
{
    public static async Task<IResult> List(HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var s = request.Strings;
        var rows = new List<(string Id, SiteDefinition? Definition)>();
        try
        {
            foreach (var id in await services.Sites.ListAsync(cancellationToken))
            {
                rows.Add((id, await services.Sites.GetAsync(id, cancellationToken)));
            }
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, s.StoreUnavailable);
        }
        var html = new ConsoleHtml().Heading(s.Sites).Raw("<p>").Link(request.Url("/sites/new"), s.CreateSite, "cc-button").Raw("</p>");
        if (rows.Count == 0)
        {
            html.Element("p", s.NoSites);
        }
        else
        {
            html.Raw("<table class=\"cx-table\"><caption class=\"cx-visually-hidden\">").Text(s.Sites).Raw("</caption><thead><tr>")
                .Raw("<th scope=\"col\">").Text(s.SiteId).Raw("</th><th scope=\"col\">").Text(s.DisplayName)
                .Raw("</th><th scope=\"col\">").Text(s.Regime).Raw("</th><th scope=\"col\">").Text(s.Categories).Raw("</th></tr></thead><tbody>");
            foreach (var (id, definition) in rows.Where(r => r.Definition is not null))
            {
                html.Raw("<tr><td>").Link(request.SiteUrl(id), id).Raw("</td><td>").Text(definition!.DisplayName).Raw("</td><td>")
                    .Text(definition.Regime == ConsentRegime.OptOut ? s.RegimeOptOut : s.RegimeOptIn).Raw("</td><td>")
                    .Text(string.Join(", ", definition.Categories.Select(c => c.Id))).Raw("</td></tr>");
            }
            html.Raw("</tbody></table>");
        }
        return ConsoleLayout.Page(request, s.Sites, html.ToString());
    }

    public static IResult New(HttpContext http, [AsParameters] ConsoleServices services)
    {
        var request = new ConsoleRequest(http, services);
        return NewForm(request, NewDefinition(request), null, new Dictionary<string, string[]>(), "", StatusCodes.Status200OK);
    }

    public static async Task<IResult> Create(HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var s = request.Strings;
        if (await request.ReadValidFormAsync(cancellationToken) is not { } form)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, s.FormRejected);
        }
        var site = form[SiteForm.SiteIdField].ToString().Trim();
        var result = SiteForm.Read(form, NewDefinition(request));
        var errors = result.Errors;
        if (!ConsentIds.IsValidSite(site))
        {
            errors[SiteForm.SiteIdField] = [s.SiteIdHint];
        }
        try
        {
            if (errors.Count == 0 && await services.Sites.GetAsync(site, cancellationToken) is not null)
            {
                errors[SiteForm.SiteIdField] = [s.SiteExists];
            }
            if (errors.Count > 0)
            {
                return NewForm(request, result.Definition, result.Originals, errors, site, StatusCodes.Status400BadRequest, result.Posted);
            }
            var previous = await services.Sites.ReplaceAsync(site, result.Definition, cancellationToken);
            await services.Audit.RecordAsync(site, request.Actor, previous is null ? AuditActions.SiteCreated : AuditActions.SiteChanged,
                SiteChanges.Describe(previous, result.Definition), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, s.StoreUnavailable);
        }
        return ConsoleLayout.SeeOther(http, request.SiteUrl(site) + "?saved=1");
    }

    public static async Task<IResult> Edit(
        string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken, int saved = 0)
    {
        var request = new ConsoleRequest(http, services);
        var (definition, failure) = await LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        string service;
        try
        {
            service = (await services.ServiceStore.OfSiteAsync(site, cancellationToken))?.Id ?? "";
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, request.Strings.StoreUnavailable, site);
        }
        return EditForm(request, site, definition, null, new Dictionary<string, string[]>(), saved == 1, StatusCodes.Status200OK, service: service);
    }

    public static async Task<IResult> Update(string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var (stored, failure) = await LoadAsync(request, site, cancellationToken);
        if (stored is null)
        {
            return failure!;
        }
        if (await request.ReadValidFormAsync(cancellationToken) is not { } form)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, request.Strings.FormRejected, site);
        }
        var result = SiteForm.Read(form, stored);
        var requested = form[ServiceMembership.Field].ToString().Trim();
        try
        {
            var (membership, membershipErrors) = await ServiceMembership.PlanAsync(request, site, requested, cancellationToken);
            if (membershipErrors is not null)
            {
                result.Errors[ServiceMembership.Field] = membershipErrors;
            }
            if (result.Errors.Count > 0)
            {
                return EditForm(request, site, result.Definition, result.Originals, result.Errors, false, StatusCodes.Status400BadRequest,
                    result.Posted, requested);
            }
            var previous = await services.Sites.ReplaceAsync(site, result.Definition, cancellationToken);
            await services.Audit.RecordAsync(site, request.Actor, previous is null ? AuditActions.SiteCreated : AuditActions.SiteChanged,
                SiteChanges.Describe(previous, result.Definition), cancellationToken);
            await ServiceMembership.ApplyAsync(request, membership, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, request.Strings.StoreUnavailable, site);
        }
        return ConsoleLayout.SeeOther(http, request.SiteUrl(site) + "?saved=1");
    }

    /// <summary>The stored site, or the page to answer instead (404 unknown, 503 store down).</summary>
    public static async Task<(SiteDefinition? Definition, IResult? Failure)> LoadAsync(
        ConsoleRequest request, string site, CancellationToken cancellationToken)
    {
        try
        {
            var definition = await request.Services.Sites.GetAsync(site, cancellationToken);
            return definition is null
                ? (null, ConsoleLayout.Error(request, StatusCodes.Status404NotFound, request.Strings.UnknownSite))
                : (definition, null);
        }
        catch (StoreUnavailableException)
        {
            return (null, ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, request.Strings.StoreUnavailable));
        }
    }

    // A new site starts with policy version 1 in effect now; later versions are scheduled on the policy page.
    private static SiteDefinition NewDefinition(ConsoleRequest request) =>
        new("", [], [new PolicyVersion(1, request.Now, [])], []);

    private static IResult NewForm(ConsoleRequest request, SiteDefinition definition, IReadOnlyList<string>? originals,
        IReadOnlyDictionary<string, string[]> errors, string site, int statusCode, IFormCollection? posted = null)
    {
        var s = request.Strings;
        var html = new ConsoleHtml().Heading(s.NewSite)
            .Raw(SiteForm.Render(request, request.Url("/sites/new"), definition, originals, errors, site, posted));
        return ConsoleLayout.Page(request, s.NewSite, html.ToString(), statusCode);
    }

    private static IResult EditForm(ConsoleRequest request, string site, SiteDefinition definition, IReadOnlyList<string>? originals,
        IReadOnlyDictionary<string, string[]> errors, bool saved, int statusCode, IFormCollection? posted = null, string? service = null)
    {
        var s = request.Strings;
        var html = new ConsoleHtml().Heading(s.Settings, site);
        if (saved)
        {
            html.Raw("<p class=\"cx-success\" role=\"status\">").Text(s.Saved).Raw("</p>");
        }
        html.Raw(SiteForm.Render(request, request.SiteUrl(site), definition, originals, errors, null, posted, service ?? ""));
        return ConsoleLayout.Page(request, s.Settings, html.ToString(), statusCode, site, ConsoleTab.Settings);
    }
}
