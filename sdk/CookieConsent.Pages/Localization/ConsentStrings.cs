namespace CookieConsent.Pages;

/// <summary>
/// The built-in texts of the consent markup in one locale (get them from <see cref="BuiltInStrings.For"/>). Texts with
/// <c>{0}</c> are composite formats: the site's display name or a category name goes there, HTML-encoded by the renderer.
/// </summary>
public sealed record ConsentStrings
{
    /// <summary>The locale of these texts (<c>en</c>, <c>de</c>, <c>fr</c>, <c>es</c>), for <c>lang</c> attributes.</summary>
    public required string Locale { get; init; }

    /// <summary>
    /// The texts of a service's opt-out page. Absent from wording versions stored before the opt-out page was part of
    /// the wording.
    /// </summary>
    public ServiceOptOutStrings? ServiceOptOut { get; init; }

    /// <summary>The banner's heading; <c>{0}</c> is the site's display name.</summary>
    public required string BannerTitle { get; init; }

    /// <summary>The banner's text on an opt-in site: nothing optional until the visitor accepts.</summary>
    public required string BannerTextOptIn { get; init; }

    /// <summary>The banner's text on an opt-out site: optional cookies until the visitor refuses.</summary>
    public required string BannerTextOptOut { get; init; }

    /// <summary>The "Accept all" button.</summary>
    public required string AcceptAll { get; init; }

    /// <summary>The "Reject all" button, exactly as prominent as <see cref="AcceptAll"/>.</summary>
    public required string RejectAll { get; init; }

    /// <summary>The link to the preferences page.</summary>
    public required string SettingsLink { get; init; }

    /// <summary>The link to the site's cookie policy.</summary>
    public required string PolicyLink { get; init; }

    /// <summary>The confirmation after "Accept all".</summary>
    public required string Accepted { get; init; }

    /// <summary>The confirmation after "Reject all".</summary>
    public required string Rejected { get; init; }

    /// <summary>The confirmation after saving per-category choices.</summary>
    public required string Saved { get; init; }

    /// <summary>"You can " — the text before <see cref="ChangeLink"/> (the sentence is split around the link).</summary>
    public required string ChangeBefore { get; init; }

    /// <summary>"change your cookie settings" — the link to the preferences page inside the confirmation.</summary>
    public required string ChangeLink { get; init; }

    /// <summary>" at any time." — the text after <see cref="ChangeLink"/>.</summary>
    public required string ChangeAfter { get; init; }

    /// <summary>The confirmation's "Hide this message" button.</summary>
    public required string HideMessage { get; init; }

    /// <summary>The preferences page's heading (also the hosted page's title).</summary>
    public required string PreferencesTitle { get; init; }

    /// <summary>The preferences page's introduction; <c>{0}</c> is the site's display name.</summary>
    public required string PreferencesIntro { get; init; }

    /// <summary>The legend of a category's yes/no choice; <c>{0}</c> is the category's name.</summary>
    public required string AllowLegend { get; init; }

    /// <summary>The "yes" radio button of a category.</summary>
    public required string Yes { get; init; }

    /// <summary>The "no" radio button of a category.</summary>
    public required string No { get; init; }

    /// <summary>The status of a required category.</summary>
    public required string AlwaysOn { get; init; }

    /// <summary>Why a required category cannot be turned off.</summary>
    public required string RequiredExplanation { get; init; }

    /// <summary>The label before a category's cookie names.</summary>
    public required string CookiesLabel { get; init; }

    /// <summary>The preferences form's save button.</summary>
    public required string Save { get; init; }

    /// <summary>The heading of the notice that a Global Privacy Control signal is honoured.</summary>
    public required string GpcTitle { get; init; }

    /// <summary>The privacy status line: an opt-out request (GPC or a stored refusal of sale or sharing) is honoured.</summary>
    public required string OptOutHonored { get; init; }

    /// <summary>The privacy status line: the link to the visitor's privacy choices.</summary>
    public required string PrivacyChoicesLink { get; init; }

    /// <summary>The text of the GPC notice, followed by the list of refused categories.</summary>
    public required string GpcText { get; init; }

    /// <summary>The status of a category refused because of GPC.</summary>
    public required string GpcRefused { get; init; }

    /// <summary>The heading of the notice that a Do Not Track signal is honoured.</summary>
    public required string DntTitle { get; init; }

    /// <summary>The text of the DNT notice.</summary>
    public required string DntText { get; init; }

    /// <summary>The "Do Not Sell or Share My Personal Information" heading and link.</summary>
    public required string DoNotSellTitle { get; init; }

    /// <summary>What the "Do Not Sell or Share" button does.</summary>
    public required string DoNotSellText { get; init; }

    /// <summary>The "Do Not Sell or Share" button.</summary>
    public required string DoNotSellButton { get; init; }

    /// <summary>The "Do Not Sell or Share" page's note that the browser's GPC signal already opts out.</summary>
    public required string DoNotSellGpc { get; init; }

    /// <summary>The "Do Not Sell or Share" page's status once the visitor has opted out.</summary>
    public required string DoNotSellDone { get; init; }

    /// <summary>The "Do Not Sell or Share" page's text when the site sells or shares nothing.</summary>
    public required string DoNotSellNothing { get; init; }

    /// <summary>The text before the consent receipt's download link.</summary>
    public required string ReceiptText { get; init; }

    /// <summary>The consent receipt's download link.</summary>
    public required string ReceiptLink { get; init; }

    /// <summary>The link to the consent receipt's readable copy (an HTML file).</summary>
    public required string ReceiptPageLink { get; init; }

    /// <summary>The receipt download could not be loaded (the consent service is unreachable).</summary>
    public required string ReceiptUnavailable { get; init; }

    /// <summary>Hosted pages: the link back to the site; <c>{0}</c> is the site's display name.</summary>
    public required string BackToSite { get; init; }

    /// <summary>Hosted pages: the label of the navigation to the other consent pages.</summary>
    public required string OtherPages { get; init; }

    /// <summary>Hosted pages: the heading of an error page.</summary>
    public required string ErrorTitle { get; init; }

    /// <summary>Hosted pages: the error for a site that does not exist.</summary>
    public required string UnknownSite { get; init; }

    /// <summary>Hosted pages: the error while the consent store cannot be reached.</summary>
    public required string StoreUnavailable { get; init; }

    /// <summary>Hosted pages: the error for a form post that was refused (expired or forged form).</summary>
    public required string FormRejected { get; init; }

    /// <summary>A form post that arrived without the antiforgery cookie: the browser keeps no cookies, so asking
    /// again would only loop.</summary>
    public required string CookiesRefused { get; init; }

    /// <summary>Hosted pages: the error when there is no receipt to download.</summary>
    public required string NoReceipt { get; init; }

    /// <summary>The site's link to its hosted consent pages names a page there is none of.</summary>
    public required string HostedPageUnknown { get; init; }

    /// <summary>The site's link to its hosted consent pages cannot work: the site is not connected to a consent server.</summary>
    public required string HostedPagesUnavailable { get; init; }

    /// <summary>The banner's sentence naming what "Accept all" covers; <c>{0}</c> is the list of optional categories.</summary>
    public required string BannerCovers { get; init; }

    /// <summary>The mark after a sale-or-sharing category's name in the banner, shown in parentheses.</summary>
    public required string SaleOrSharingMark { get; init; }

    /// <summary>The word joining the last two names of a list (" and "), spaces included.</summary>
    public required string ListAnd { get; init; }

    /// <summary>The heading of the step shown when an "allow" conflicts with the browser's Global Privacy Control.</summary>
    public required string GpcConflictTitle { get; init; }

    /// <summary>The explanation of that conflict, followed by the list of the categories concerned.</summary>
    public required string GpcConflictText { get; init; }

    /// <summary>The button that allows those categories despite the signal.</summary>
    public required string GpcConflictConfirm { get; init; }

    /// <summary>The way back that keeps them refused.</summary>
    public required string GpcConflictKeep { get; init; }

    /// <summary>
    /// In the Global Privacy Control notice of the banner and the preferences page, before anything is posted: the signal
    /// will be honoured, "Accept all" does not allow the categories listed, and allowing them takes a confirmation.
    /// </summary>
    public required string GpcAcceptAllNotice { get; init; }

    /// <summary>The "Limit the Use of My Sensitive Personal Information" heading and link (CCPA regulations §7027).</summary>
    public required string LimitTitle { get; init; }

    /// <summary>What limiting does, followed by the list of the sensitive categories.</summary>
    public required string LimitText { get; init; }

    /// <summary>The button that limits the use of sensitive personal information.</summary>
    public required string LimitButton { get; init; }

    /// <summary>The limit page's status once the visitor has limited the use.</summary>
    public required string LimitDone { get; init; }

    /// <summary>The button that lifts the limit again.</summary>
    public required string LimitUndo { get; init; }

    /// <summary>The limit page's answer on a site that uses no sensitive personal information.</summary>
    public required string LimitNothing { get; init; }

    /// <summary>The footer's privacy status when the use of sensitive personal information is limited.</summary>
    public required string LimitHonored { get; init; }
}
