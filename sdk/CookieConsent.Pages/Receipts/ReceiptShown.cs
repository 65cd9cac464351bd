using CookieConsent.Client.Contracts;

namespace CookieConsent.Pages;

/// <summary>
/// What one receipt's visitor was shown, as far as it can still be reproduced: the notice revision the receipt names
/// and the built-in strings of the wording version it names, in its locale. Either is <see langword="null"/> when the
/// receipt names none or it is no longer known — the receipt download then says so instead of showing other words.
/// </summary>
/// <param name="Definition">The site definition of the receipt's notice revision.</param>
/// <param name="Strings">The strings of the receipt's wording version in the receipt's locale.</param>
/// <param name="Service">For the receipts of a service-level visitor: the service's name, which its opt-out page (whose
/// words the wording version holds) showed; <paramref name="Definition"/> then lists the service's covered categories.</param>
public sealed record ReceiptShown(SiteDefinition? Definition, ConsentStrings? Strings, string? Service = null)
{
    /// <summary>Both the revision and the wording the receipt names were found: every word can be shown.</summary>
    public bool Reproduced => Definition is not null && Strings is not null;

    /// <summary>
    /// Looks each receipt's revision and wording up in what was loaded: <paramref name="revisions"/> by content hash,
    /// <paramref name="wordings"/> (strings per locale) by version. Anything not there is reported missing, never
    /// replaced by today's definition or strings.
    /// </summary>
    public static Func<ConsentReceipt, ReceiptShown> Lookup(
        IReadOnlyDictionary<string, SiteDefinition> revisions,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, ConsentStrings>> wordings)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        ArgumentNullException.ThrowIfNull(wordings);
        return receipt => new(
            receipt.Revision is { } hash && revisions.TryGetValue(hash, out var definition) ? definition : null,
            receipt.Wording is { } version && wordings.TryGetValue(version, out var wording) ? Wording.For(wording, receipt.Locale) : null);
    }
}
