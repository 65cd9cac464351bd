namespace CookieConsent.AspNetCore.Localization;

/// <summary>
/// The built-in texts of the consent markup in one locale. Texts with <c>{0}</c> are composite formats: the site's
/// display name or a category name goes there, HTML-encoded by the renderer.
/// </summary>
internal sealed record ConsentStrings
{
    public required string Locale { get; init; }

    public required string BannerTitle { get; init; }
    public required string BannerTextOptIn { get; init; }
    public required string BannerTextOptOut { get; init; }
    public required string AcceptAll { get; init; }
    public required string RejectAll { get; init; }
    public required string SettingsLink { get; init; }
    public required string PolicyLink { get; init; }

    public required string Accepted { get; init; }
    public required string Rejected { get; init; }
    public required string Saved { get; init; }
    // "You can [change your cookie settings] at any time." is split so the middle part can be the link.
    public required string ChangeBefore { get; init; }
    public required string ChangeLink { get; init; }
    public required string ChangeAfter { get; init; }
    public required string HideMessage { get; init; }

    public required string PreferencesTitle { get; init; }
    public required string PreferencesIntro { get; init; }
    public required string AllowLegend { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string AlwaysOn { get; init; }
    public required string RequiredExplanation { get; init; }
    public required string CookiesLabel { get; init; }
    public required string Save { get; init; }

    public required string GpcTitle { get; init; }
    public required string OptOutHonored { get; init; }
    public required string PrivacyChoicesLink { get; init; }
    public required string GpcText { get; init; }
    public required string GpcRefused { get; init; }
    public required string DntTitle { get; init; }
    public required string DntText { get; init; }

    public required string DoNotSellTitle { get; init; }
    public required string DoNotSellText { get; init; }
    public required string DoNotSellButton { get; init; }
    public required string DoNotSellGpc { get; init; }
    public required string DoNotSellDone { get; init; }
    public required string DoNotSellNothing { get; init; }

    public required string ReceiptText { get; init; }
    public required string ReceiptLink { get; init; }

    // Hosted pages only.
    public required string BackToSite { get; init; }
    public required string OtherPages { get; init; }
    public required string ErrorTitle { get; init; }
    public required string UnknownSite { get; init; }
    public required string StoreUnavailable { get; init; }
    public required string FormRejected { get; init; }
    public required string NoReceipt { get; init; }
}
