using CookieConsent.Client.Contracts;
using CookieConsent.Core.Sites;
using CookieConsent.Core.Wording;
using CookieConsent.Pages;

namespace CookieConsent.Server.HostedPages;

/// <summary>Loads, once each, the revisions and wording versions a visitor's receipts name, and writes their download.</summary>
internal static class ReceiptNotices
{
    /// <exception cref="Core.Redis.StoreUnavailableException">Redis failed.</exception>
    public static async Task<byte[]> WriteDocumentAsync(
        string site, SiteDefinition current, IReadOnlyList<ConsentReceipt> receipts, SiteStore sites, WordingStore wordings,
        CancellationToken cancellationToken)
    {
        var revisions = new Dictionary<string, SiteDefinition?>(StringComparer.Ordinal);
        foreach (var hash in receipts.Select(r => r.Revision).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            revisions[hash] = (await sites.GetRevisionAsync(site, hash, cancellationToken))?.Definition;
        }
        var texts = new Dictionary<string, IReadOnlyDictionary<string, ConsentStrings>?>(StringComparer.Ordinal);
        foreach (var version in receipts.Select(r => r.Wording).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            texts[version] = await wordings.GetAsync(version, cancellationToken) is { } json ? Pages.Wording.Parse(json) : null;
        }
        return ConsentReceiptDocument.Write(site, current, receipts, receipt =>
        {
            var definition = receipt.Revision is { } hash ? revisions[hash] : null;
            var wording = receipt.Wording is { } version ? texts[version] : null;
            var strings = wording is null ? BuiltInStrings.For(receipt.Locale) : Pages.Wording.For(wording, receipt.Locale);
            return new ConsentReceiptDocument.Shown(definition ?? current, strings, definition is not null && wording is not null);
        });
    }
}
