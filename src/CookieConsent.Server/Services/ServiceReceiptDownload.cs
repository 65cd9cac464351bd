using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Services;
using CookieConsent.Core.Wording;
using CookieConsent.Pages;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.Server.Services;

/// <summary>
/// <c>/optout/{service}/receipt</c> (JSON) and <c>/optout/{service}/receipt.html</c>: the service-level visitor's own
/// receipts, named by the consent server's cookie, in the shared renderer's format — each with the words of the wording
/// version it names (the opt-out page's), in the locale it was shown in.
/// </summary>
internal static class ServiceReceiptDownload
{
    public const string JsonPath = "/receipt";
    public const string HtmlPath = "/receipt.html";

    public static RouteGroupBuilder MapServiceReceiptDownload(this RouteGroupBuilder page)
    {
        page.MapGet(JsonPath, (string service, HttpContext http, ServiceStore services, WordingStore wordings,
                ILogger<ServiceStore> logger, CancellationToken cancellationToken) =>
                DownloadAsync(service, http, services, wordings, logger, html: false, cancellationToken))
            .WithName("ServiceReceipt")
            .WithSummary("This browser's receipts of a service's opt-out (ISO/IEC TS 27560 / Kantara JSON download).")
            .Produces<string>(StatusCodes.Status200OK, "application/json")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/html");
        page.MapGet(HtmlPath, (string service, HttpContext http, ServiceStore services, WordingStore wordings,
                ILogger<ServiceStore> logger, CancellationToken cancellationToken) =>
                DownloadAsync(service, http, services, wordings, logger, html: true, cancellationToken))
            .WithName("ServiceReceiptPage")
            .WithSummary("This browser's receipts of a service's opt-out as one HTML file to keep.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/html");
        return page;
    }

    private static async Task<IResult> DownloadAsync(
        string service, HttpContext http, ServiceStore services, WordingStore wordings, ILogger<ServiceStore> logger,
        bool html, CancellationToken cancellationToken)
    {
        var strings = OptOutPage.StringsFor(http);
        if (!ConsentIds.IsValidSite(service))
        {
            return OptOutPage.Error(strings, StatusCodes.Status404NotFound, strings.UnknownService);
        }
        var noReceipt = BuiltInStrings.For(strings.Locale).NoReceipt;
        try
        {
            if (await services.GetAsync(service, cancellationToken) is not { } definition)
            {
                return OptOutPage.Error(strings, StatusCodes.Status404NotFound, strings.UnknownService);
            }
            if (ServiceVisitorCookie.Read(http.Request) is not { } visitor
                || await services.ReceiptsAsync(service, visitor, definition.Categories, cancellationToken) is not { Receipts.Count: > 0 } export)
            {
                return OptOutPage.Error(strings, StatusCodes.Status404NotFound, noReceipt);
            }
            var shown = await ShownAsync(definition, export.Receipts, wordings, cancellationToken);
            var current = Notice(definition);
            http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileName = $"opt-out-receipt-{service}.{(html ? "html" : "json")}",
            }.ToString();
            if (html)
            {
                // The file carries the stylesheet inline (it is kept and opened from disk); its policy allows exactly that.
                http.Response.Headers.ContentSecurityPolicy = ConsentReceiptPage.ContentSecurityPolicy;
                return TypedResults.Text(ConsentReceiptPage.Render(current, export.Receipts, shown, strings.Locale), "text/html; charset=utf-8");
            }
            return TypedResults.Bytes(ConsentReceiptDocument.Write(service, current, export.Receipts, shown), "application/json; charset=utf-8");
        }
        catch (StoreUnavailableException ex)
        {
            Log.StoreUnavailable(logger, "service receipt download", ex.Message);
            return OptOutPage.Error(strings, StatusCodes.Status503ServiceUnavailable, strings.StoreUnavailable);
        }
    }

    /// <summary>
    /// What the shared renderer needs of the "notice" a service visitor saw: the service's name and covered categories
    /// (by id: a service has no category texts of its own). The page's words come from the wording version.
    /// </summary>
    internal static SiteDefinition Notice(ServiceDefinition service) => new(
        service.DisplayName,
        [.. service.Categories.Select(id => new CategoryDefinition(id, Required: false, SaleOrSharing: false,
            new Dictionary<string, CategoryText>(), []))],
        [], [],
        // An opt-out that holds across the service's sites: the document names the opt-out regime's jurisdiction.
        Regime: ConsentRegime.OptOut);

    /// <summary>Each receipt's wording version looked up in the stored wordings; one that is not there is reported missing.</summary>
    internal static async Task<Func<ConsentReceipt, ReceiptShown>> ShownAsync(
        ServiceDefinition service, IReadOnlyList<ConsentReceipt> receipts, WordingStore store, CancellationToken cancellationToken)
    {
        var wordings = new Dictionary<string, IReadOnlyDictionary<string, ConsentStrings>>(StringComparer.Ordinal);
        foreach (var version in receipts.Select(r => r.Wording).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await store.GetAsync(version, cancellationToken) is not { } json)
            {
                continue;
            }
            try
            {
                wordings[version] = Pages.Wording.Parse(json);
            }
            catch (JsonException)
            {
                // Not a wording this build can read: the download says the wording is missing rather than failing.
            }
        }
        var notice = Notice(service);
        return receipt => new ReceiptShown(notice,
            receipt.Wording is { } v && wordings.TryGetValue(v, out var wording) ? Pages.Wording.For(wording, receipt.Locale) : null,
            service.DisplayName);
    }
}
