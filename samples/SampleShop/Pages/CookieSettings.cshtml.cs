using CookieConsent.AspNetCore.Features;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SampleShop.Pages;

/// <summary>The cookie settings, and the visitor's consent record as a download once they have one.</summary>
public sealed class CookieSettingsModel(ICookieConsentApi api) : PageModel
{
    public string? ReceiptUrl { get; private set; }

    public void OnGet() =>
        ReceiptUrl = HttpContext.Features.Get<IConsentFeature>()?.VisitorId is null ? null : "~/cookie-settings?handler=receipt";

    /// <summary>Every receipt of this visitor, from the consent server (site key), as a JSON download.</summary>
    public async Task<IActionResult> OnGetReceiptAsync(CancellationToken cancellationToken)
    {
        if (HttpContext.Features.Get<IConsentFeature>() is not { VisitorId: { } visitor } consent)
        {
            return NotFound();
        }
        try
        {
            var export = await api.ExportReceiptsAsync(consent.Site, visitor, cancellationToken);
            var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(export, ConsentJsonContext.Default.ReceiptExport);
            return File(json, "application/json", $"consent-receipt-{consent.Site}.json");
        }
        catch (ConsentApiException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }
    }
}
