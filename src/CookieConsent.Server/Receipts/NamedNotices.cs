using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Sites;
using CookieConsent.Core.Wording;
using CookieConsent.Pages;

namespace CookieConsent.Server.Receipts;

/// <summary>
/// The notice revisions and wording versions a visitor's receipts name, each loaded once: what the hosted receipt
/// download renders with, and what <c>GET …/receipts/notices</c> hands a client site so its download shows the same.
/// </summary>
/// <param name="Revisions">The named revisions the site still has.</param>
/// <param name="Wordings">The named wording versions the servers have stored, as canonical JSON.</param>
internal sealed record NamedNotices(IReadOnlyList<SiteRevision> Revisions, IReadOnlyDictionary<string, byte[]> Wordings)
{
    /// <exception cref="Core.Redis.StoreUnavailableException">Redis failed.</exception>
    public static async Task<NamedNotices> LoadAsync(
        string site, IReadOnlyList<ConsentReceipt> receipts, SiteStore sites, WordingStore wordings, CancellationToken cancellationToken)
    {
        var revisions = new List<SiteRevision>();
        foreach (var hash in receipts.Select(r => r.Revision).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await sites.GetRevisionAsync(site, hash, cancellationToken) is { } revision)
            {
                revisions.Add(revision);
            }
        }
        var texts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var version in receipts.Select(r => r.Wording).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await wordings.GetAsync(version, cancellationToken) is { } json)
            {
                texts[version] = json;
            }
        }
        return new(revisions, texts);
    }

    /// <summary>What each receipt was shown, for the shared renderer; an unreadable stored wording counts as missing.</summary>
    public Func<ConsentReceipt, ReceiptShown> Lookup()
    {
        var wordings = new Dictionary<string, IReadOnlyDictionary<string, ConsentStrings>>(StringComparer.Ordinal);
        foreach (var (version, json) in Wordings)
        {
            try
            {
                wordings[version] = Pages.Wording.Parse(json);
            }
            catch (JsonException)
            {
                // Not a wording this build can read: the download says the wording is missing rather than failing.
            }
        }
        return ReceiptShown.Lookup(Revisions.ToDictionary(r => r.Hash, r => r.Definition, StringComparer.Ordinal), wordings);
    }

    /// <summary>The wire form of <see cref="Wordings"/>: each stored wording as its JSON; unreadable ones left out.</summary>
    public IReadOnlyDictionary<string, JsonElement> WordingTexts()
    {
        var texts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (version, json) in Wordings)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    texts[version] = document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // As in Lookup: left out, so the client site reports it missing.
            }
        }
        return texts;
    }
}
