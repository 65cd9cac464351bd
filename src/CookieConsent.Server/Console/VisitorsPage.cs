using System.Globalization;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Redis;
using CookieConsent.Client.Decisions;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.Server.Console;

/// <summary>Visitors: look one up by id (decisions with reasons, receipts), export the receipts, erase after a confirmation.</summary>
internal static class VisitorsPage
{
    private const string VisitorField = "visitor";

    public static async Task<IResult> Lookup(
        string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken, string? visitor = null, int erased = 0)
    {
        var (request, definition, failure) = await LoadAsync(site, visitor: null, http, services, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        var s = request.Strings;
        visitor = visitor?.Trim();
        var error = visitor is { Length: > 0 } && !ConsentIds.IsValidVisitor(visitor) ? s.VisitorIdInvalid : null;
        var html = new ConsoleHtml().Heading(s.Visitors, site);
        if (erased == 1)
        {
            html.Raw("<p class=\"cx-success\" role=\"status\">").Text(s.VisitorErased).Raw("</p>");
        }
        html.Raw("<form method=\"get\" action=\"").Text(request.SiteUrl(site, "/visitors")).Raw("\" class=\"cx-form cx-form--narrow\" novalidate>")
            .Input(VisitorField, s.VisitorId, visitor, error is null ? null : [error], hint: s.VisitorIdHint, autocomplete: "off")
            .Raw("<div class=\"cc-actions\">").Button(s.LookUp).Raw("</div></form>");
        var status = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        if (error is null && visitor is { Length: > 0 })
        {
            ConsentState? state;
            IReadOnlyList<ConsentReceipt> receipts;
            ReceiptChainCheck chain;
            try
            {
                state = await services.Consents.GetAsync(site, visitor, cancellationToken);
                (receipts, chain) = await services.Consents.ReceiptsWithChainAsync(site, visitor, cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                return StoreUnavailable(request, site);
            }
            Result(html, request, site, definition, visitor, state, receipts, chain);
        }
        IReadOnlyList<PrivacyRequestLogEntry> requests;
        try
        {
            requests = await services.Consents.RequestLogAsync(site, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return StoreUnavailable(request, site);
        }
        RequestLog(html, s, requests);
        return ConsoleLayout.Page(request, s.Visitors, html.ToString(), status, site, ConsoleTab.Visitors);
    }

    public static async Task<IResult> Export(
        string site, string visitor, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var (request, definition, failure) = await LoadAsync(site, visitor, http, services, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        IReadOnlyList<ConsentReceipt> receipts;
        try
        {
            receipts = await services.Consents.ReceiptsAsync(site, visitor, cancellationToken);
            // An export through the console is a privacy request like one through the API.
            await services.Consents.LogRequestAsync(site, PrivacyRequestType.Export, PrivacyRequestOutcome.Completed, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return StoreUnavailable(request, site);
        }
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"receipts-{site}-{visitor}.json",
        }.ToString();
        // The same document as the API's export.
        return TypedResults.Bytes(JsonSerializer.SerializeToUtf8Bytes(new ReceiptExport(site, visitor, receipts), ConsentJsonContext.Default.ReceiptExport),
            "application/json; charset=utf-8");
    }

    public static async Task<IResult> ConfirmErase(
        string site, string visitor, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var (request, definition, failure) = await LoadAsync(site, visitor, http, services, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        var s = request.Strings;
        var html = new ConsoleHtml().Heading(s.EraseTitle, site)
            .Raw("<p>").Text(s.VisitorId).Raw(": <code>").Text(visitor).Raw("</code></p>")
            .Raw("<p class=\"cx-warning\">").Text(s.EraseWarning).Raw("</p>")
            .Form(request.SiteUrl(site, $"/visitors/{visitor}/erase"), request)
            .Raw("<div class=\"cc-actions\">").Button(s.Erase, warning: true)
            .Link(request.SiteUrl(site, "/visitors?visitor=" + visitor), s.Cancel, "cx-link-button").Raw("</div>").EndForm();
        return ConsoleLayout.Page(request, s.EraseTitle, html.ToString(), site: site, tab: ConsoleTab.Visitors);
    }

    public static async Task<IResult> Erase(
        string site, string visitor, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var (request, definition, failure) = await LoadAsync(site, visitor, http, services, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        var s = request.Strings;
        if (await request.ReadValidFormAsync(cancellationToken) is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, s.FormRejected, site);
        }
        try
        {
            await services.Consents.EraseAsync(site, visitor, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return StoreUnavailable(request, site);
        }
        // The audit log names the erasure, not the visitor: an erased visitor's id is not kept here either.
        await services.Audit.RecordAsync(site, request.Actor, AuditActions.VisitorErased, "one visitor's consent and receipts", cancellationToken);
        return ConsoleLayout.SeeOther(http, request.SiteUrl(site, "/visitors?erased=1"));
    }

    /// <summary>
    /// What every handler here starts with: the signed-in request, the site (or the page saying it is missing) and,
    /// when the route names a visitor, a well-formed visitor id (or a 404 page). The site is null when either fails.
    /// </summary>
    private static async Task<(ConsoleRequest Request, SiteDefinition? Site, IResult? Failure)> LoadAsync(
        string site, string? visitor, HttpContext http, ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return (request, null, failure);
        }
        if (visitor is not null && !ConsentIds.IsValidVisitor(visitor))
        {
            return (request, null, ConsoleLayout.Error(request, StatusCodes.Status404NotFound, request.Strings.VisitorIdInvalid, site));
        }
        return (request, definition, null);
    }

    private static IResult StoreUnavailable(ConsoleRequest request, string site) =>
        ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, request.Strings.StoreUnavailable, site);

    private static void Result(ConsoleHtml html, ConsoleRequest request, string site, SiteDefinition definition, string visitor,
        ConsentState? state, IReadOnlyList<ConsentReceipt> receipts, ReceiptChainCheck chain)
    {
        var s = request.Strings;
        html.Raw("<h2 class=\"cx-subtitle\">").Text(s.Decisions).Raw("</h2>");
        if (state is null)
        {
            html.Element("p", s.NoConsentStored);
        }
        else
        {
            html.Element("p", string.Format(CultureInfo.InvariantCulture, s.StateSummary, ConsoleStrings.Time(state.GivenAt),
                ConsoleStrings.Time(state.ExpiresAt), state.PolicyVersion, Source(state.Source)));
        }
        html.Raw("<table class=\"cx-table\"><caption class=\"cx-visually-hidden\">").Text(s.Decisions).Raw("</caption><thead><tr><th scope=\"col\">")
            .Text(s.Category).Raw("</th><th scope=\"col\">").Text(s.Decision).Raw("</th><th scope=\"col\">").Text(s.Reason)
            .Raw("</th></tr></thead><tbody>");
        foreach (var decision in ConsentDecider.DecideAll(definition, state, ConsentSignals.None, request.Now))
        {
            html.Raw("<tr><th scope=\"row\">").Text(decision.Category).Raw("</th><td>")
                .Raw(decision.Allowed ? "<span class=\"cc-status cc-status--on\">" : "<span class=\"cc-status cc-status--off\">")
                .Text(decision.Allowed ? s.Allowed : s.Denied).Raw("</span></td><td>").Text(s.ReasonText(decision.Reason)).Raw("</td></tr>");
        }
        html.Raw("</tbody></table>");

        html.Raw("<h2 class=\"cx-subtitle\">").Text(s.Receipts).Raw("</h2>");
        if (receipts.Count == 0)
        {
            html.Element("p", s.NoReceipts);
        }
        else
        {
            ReceiptView.Render(html, request, receipts, chain, Source, Signals);
        }
        html.Raw("<ul class=\"cx-inline-list cx-actions-list\"><li>")
            .Link(request.SiteUrl(site, $"/visitors/{visitor}/receipts.json"), s.ExportReceipts).Raw("</li><li>")
            .Link(request.SiteUrl(site, $"/visitors/{visitor}/erase"), s.EraseVisitor).Raw("</li></ul>");
    }

    // The site's log of erasure and export requests (date, type, outcome): what a regulator may ask to see; no visitor ids.
    private static void RequestLog(ConsoleHtml html, ConsoleStrings s, IReadOnlyList<PrivacyRequestLogEntry> requests)
    {
        html.Raw("<h2 class=\"cx-subtitle\" id=\"requests\">").Text(s.RequestLog).Raw("</h2>");
        if (requests.Count == 0)
        {
            html.Element("p", s.NoRequests);
            return;
        }
        html.Raw("<table class=\"cx-table cx-requests\"><caption class=\"cx-visually-hidden\">").Text(s.RequestLog)
            .Raw("</caption><thead><tr><th scope=\"col\">").Text(s.When).Raw("</th><th scope=\"col\">").Text(s.RequestType)
            .Raw("</th><th scope=\"col\">").Text(s.RequestOutcome).Raw("</th></tr></thead><tbody>");
        foreach (var entry in requests.OrderByDescending(e => e.At))
        {
            html.Raw("<tr><td>").Text(ConsoleStrings.Time(entry.At)).Raw("</td><td>")
                .Text(entry.Type == PrivacyRequestType.Erasure ? s.RequestErasure : s.RequestExport).Raw("</td><td>")
                .Text(entry.Outcome == PrivacyRequestOutcome.CompletedRefusalsKept ? s.OutcomeRefusalsKept : s.OutcomeCompleted)
                .Raw("</td></tr>");
        }
        html.Raw("</tbody></table>");
    }

    private static string Signals(ConsentSignals signals) =>
        (signals.DoNotTrack, signals.GlobalPrivacyControl) switch
        {
            (true, true) => "DNT, GPC",
            (true, false) => "DNT",
            (false, true) => "GPC",
            _ => "—",
        };

    private static string Source(ConsentSource source) => JsonNamingSource(source);

    private static string JsonNamingSource(ConsentSource source) => source switch
    {
        ConsentSource.Banner => "banner",
        ConsentSource.Preferences => "preferences",
        ConsentSource.Hosted => "hosted",
        _ => "api",
    };
}
