using System.Text;
using System.Text.Json;
using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Localization;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.AspNetCore.Endpoints;

/// <summary>
/// <c>GET {PathBase}/receipt</c> (HTML) and <c>GET {PathBase}/receipt.json</c> (ISO/IEC TS 27560, Kantara 1.1 names):
/// the visitor's consent record, rendered by the same code as the consent server's hosted download. The receipts and
/// the notice revisions and wording versions they name come from the consent server (site key), so each receipt shows
/// the words it was shown with, in its own language — never the site's texts of today.
/// </summary>
internal static partial class ReceiptEndpoint
{
    public static Task HtmlAsync(HttpContext context) => DownloadAsync(context, json: false);

    public static Task JsonAsync(HttpContext context) => DownloadAsync(context, json: true);

    private static async Task DownloadAsync(HttpContext context, bool json)
    {
        var services = context.RequestServices;
        var aborted = context.RequestAborted;
        if (context.Features.Get<IConsentFeature>() is not { VisitorId: { } visitor } consent)
        {
            // No consent cookie (or no middleware): there is no record to show, and nothing to ask the server.
            await NoReceipt(context);
            return;
        }
        if (consent.Definition is not { } current)
        {
            await Unavailable(context);
            return;
        }

        IReadOnlyList<ConsentReceipt> receipts;
        ReceiptNotices notices;
        try
        {
            var api = services.GetRequiredService<ICookieConsentApi>();
            var timeout = services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value.Timeout;
            var time = services.GetRequiredService<TimeProvider>();
            // Receipts first: they only grow, so the notices read after them cover every receipt shown.
            receipts = (await api.ExportReceiptsAsync(consent.Site, visitor, aborted).WaitAsync(timeout, time, aborted)).Receipts;
            notices = receipts.Count == 0
                ? new ReceiptNotices(consent.Site, visitor, [], new Dictionary<string, JsonElement>())
                : await api.GetReceiptNoticesAsync(consent.Site, visitor, aborted).WaitAsync(timeout, time, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever failed, there is nothing trustworthy to show: say so.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogDownloadFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReceiptEndpoint).FullName!), e);
            await Unavailable(context);
            return;
        }
        if (receipts.All(r => r.Event == ConsentEvent.Erased))
        {
            await NoReceipt(context);
            return;
        }

        var shown = Lookup(notices);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"consent-receipt-{consent.Site}.{(json ? "json" : "html")}",
        }.ToString();
        if (json)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(ConsentReceiptDocument.Write(consent.Site, current, receipts, shown), aborted);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = ConsentReceiptPage.ContentSecurityPolicy;
        await context.Response.WriteAsync(
            ConsentReceiptPage.Render(current, receipts, shown, context.GetConsentLocale()), Encoding.UTF8, aborted);
    }

    // The server's answer as the shared renderer's lookup; a wording that does not read as strings counts as missing.
    private static Func<ConsentReceipt, ReceiptShown> Lookup(ReceiptNotices notices)
    {
        var wordings = new Dictionary<string, IReadOnlyDictionary<string, ConsentStrings>>(StringComparer.Ordinal);
        foreach (var (version, stored) in notices.Wordings)
        {
            try
            {
                wordings[version] = Pages.Wording.Parse(Encoding.UTF8.GetBytes(stored.GetRawText()));
            }
            catch (JsonException)
            {
                // Left out: the record says its wording is missing instead of showing other words.
            }
        }
        return ReceiptShown.Lookup(
            notices.Revisions.ToDictionary(r => r.Hash, r => r.Definition, StringComparer.Ordinal), wordings);
    }

    private static Task NoReceipt(HttpContext context) =>
        FormRefusal.WriteAsync(context, StatusCodes.Status404NotFound, "No consent record",
            "There is no consent record for this visitor on this site yet.", s => s.NoReceipt);

    private static Task Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "30";
        return FormRefusal.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The consent record could not be loaded",
            "The consent service is unavailable right now. Please try again in a moment.", s => s.ReceiptUnavailable);
    }

    [LoggerMessage(EventId = 2160, EventName = "ConsentReceiptDownloadFailed", Level = LogLevel.Warning,
        Message = "The visitor's consent record could not be loaded from the consent server; answered 503.")]
    private static partial void LogDownloadFailed(ILogger logger, Exception exception);
}
