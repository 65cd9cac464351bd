using CookieConsent.Core.ApiKeys;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Redis;

namespace CookieConsent.Server.Console;

/// <summary>Site API keys: the list with last use, a new key shown once (read-only, ready to copy), revoking after a confirmation.</summary>
internal static class KeysPage
{
    public static async Task<IResult> List(string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        return await PageAsync(request, site, null, cancellationToken);
    }

    public static async Task<IResult> Create(string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        if (await request.ReadValidFormAsync(cancellationToken) is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, request.Strings.FormRejected, site);
        }
        Client.Contracts.ApiKeyCreated created;
        try
        {
            created = await services.Keys.CreateAsync(site, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, request.Strings.StoreUnavailable, site);
        }
        await services.Audit.RecordAsync(site, request.Actor, AuditActions.KeyCreated, "key " + created.KeyId, cancellationToken);
        // Answered here, not after a redirect: the key exists only in this one answer (no-store).
        return await PageAsync(request, site, created, cancellationToken);
    }

    public static async Task<IResult> ConfirmRevoke(
        string site, string keyId, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var s = request.Strings;
        var (key, failure) = await FindAsync(request, site, keyId, cancellationToken);
        if (key is null)
        {
            return failure!;
        }
        var html = new ConsoleHtml().Heading(ConsoleStrings.Format(s.RevokeKeyTitle, key.KeyId), site)
            .Raw("<p class=\"cx-warning\">").Text(s.RevokeKeyWarning).Raw("</p>")
            .Form(request.SiteUrl(site, $"/keys/{Uri.EscapeDataString(key.KeyId)}/revoke"), request)
            .Raw("<div class=\"cc-actions\">").Button(s.RevokeKey, warning: true)
            .Link(request.SiteUrl(site, "/keys"), s.Cancel, "cx-link-button").Raw("</div>").EndForm();
        return ConsoleLayout.Page(request, s.RevokeKey, html.ToString(), site: site, tab: ConsoleTab.Keys);
    }

    public static async Task<IResult> Revoke(
        string site, string keyId, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var (key, failure) = await FindAsync(request, site, keyId, cancellationToken);
        if (key is null)
        {
            return failure!;
        }
        if (await request.ReadValidFormAsync(cancellationToken) is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, request.Strings.FormRejected, site);
        }
        try
        {
            if (await services.Keys.RevokeAsync(site, key.KeyId, cancellationToken))
            {
                await services.Audit.RecordAsync(site, request.Actor, AuditActions.KeyRevoked, "key " + key.KeyId, cancellationToken);
            }
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, request.Strings.StoreUnavailable, site);
        }
        return ConsoleLayout.SeeOther(http, request.SiteUrl(site, "/keys"));
    }

    private static async Task<(ApiKeyInfo? Key, IResult? Failure)> FindAsync(
        ConsoleRequest request, string site, string keyId, CancellationToken cancellationToken)
    {
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return (null, failure);
        }
        try
        {
            var key = (await request.Services.Keys.ListAsync(site, cancellationToken)).FirstOrDefault(k => k.KeyId == keyId);
            return key is null
                ? (null, ConsoleLayout.Error(request, StatusCodes.Status404NotFound, request.Strings.UnknownKey, site))
                : (key, null);
        }
        catch (StoreUnavailableException)
        {
            return (null, ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, request.Strings.StoreUnavailable, site));
        }
    }

    private static async Task<IResult> PageAsync(
        ConsoleRequest request, string site, Client.Contracts.ApiKeyCreated? created, CancellationToken cancellationToken)
    {
        var s = request.Strings;
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        IReadOnlyList<ApiKeyInfo> keys;
        try
        {
            keys = await request.Services.Keys.ListAsync(site, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, s.StoreUnavailable, site);
        }
        var html = new ConsoleHtml().Heading(s.Keys, site);
        if (created is not null)
        {
            html.Raw("<div class=\"cx-new-key\" role=\"status\"><h2 class=\"cx-subtitle\">").Text(s.NewKeyTitle).Raw("</h2>")
                .Input("newKey", s.NewKeyLabel, created.Key, null, hint: s.NewKeyHint, readOnly: true, autocomplete: "off")
                .Raw("</div>");
        }
        html.Element("p", s.KeysIntro);
        if (keys.Count == 0)
        {
            html.Element("p", s.NoKeys);
        }
        else
        {
            html.Raw("<table class=\"cx-table\"><caption class=\"cx-visually-hidden\">").Text(s.Keys).Raw("</caption><thead><tr><th scope=\"col\">")
                .Text(s.KeyId).Raw("</th><th scope=\"col\">").Text(s.Created).Raw("</th><th scope=\"col\">").Text(s.LastUsed)
                .Raw("</th><th scope=\"col\"><span class=\"cx-visually-hidden\">").Text(s.Actions).Raw("</span></th></tr></thead><tbody>");
            foreach (var key in keys)
            {
                html.Raw("<tr><td><code>").Text(key.KeyId).Raw("</code></td><td>")
                    .Text(key.CreatedAt is { } createdAt ? ConsoleStrings.Time(createdAt) : "—").Raw("</td><td>")
                    .Text(key.LastUsedAt is { } used ? ConsoleStrings.Time(used) : s.Never).Raw("</td><td>")
                    .Link(request.SiteUrl(site, $"/keys/{Uri.EscapeDataString(key.KeyId)}/revoke"), ConsoleStrings.Format(s.RevokeKeyLink, key.KeyId))
                    .Raw("</td></tr>");
            }
            html.Raw("</tbody></table>");
        }
        html.Form(request.SiteUrl(site, "/keys"), request).Raw("<div class=\"cc-actions\">").Button(s.CreateKey).Raw("</div>").EndForm();
        return ConsoleLayout.Page(request, s.Keys, html.ToString(), site: site, tab: ConsoleTab.Keys);
    }
}
