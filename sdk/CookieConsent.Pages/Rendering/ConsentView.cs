using CookieConsent.Client.Contracts;

namespace CookieConsent.Pages;

/// <summary>Everything the renderer needs to draw the consent markup for one request.</summary>
public sealed record ConsentView
{
    /// <summary>The site id.</summary>
    public required string SiteId { get; init; }

    /// <summary>The site's configuration: categories, texts, regime, signal handling, policy link.</summary>
    public required SiteDefinition Site { get; init; }

    /// <summary>The effective decision per category for this request.</summary>
    public required IReadOnlyList<CategoryDecision> Decisions { get; init; }

    /// <summary>Whether the visitor has a valid choice for every optional category.</summary>
    public required bool HasValidChoice { get; init; }

    /// <summary>The DNT / GPC signals on this request.</summary>
    public ConsentSignals Signals { get; init; }

    /// <summary>The locale to render in (<c>en</c>, <c>de</c>, <c>fr</c>, <c>es</c>; anything else renders English).</summary>
    public required string Locale { get; init; }

    /// <summary>Where the forms post and the links point.</summary>
    public required ConsentUrls Urls { get; init; }

    /// <summary>The antiforgery hidden field every form carries.</summary>
    public required AntiforgeryField Antiforgery { get; init; }

    /// <summary>Where to send the visitor back after a form post (validated again when posted).</summary>
    public required string ReturnUrl { get; init; }

    /// <summary>The confirmation to show, if any.</summary>
    public ConsentNotice Notice { get; init; }

    /// <summary>Heading level of each component's title (1 on a page of its own, 2 when embedded); sub-headings go one deeper.</summary>
    public int HeadingLevel { get; init; } = 2;
}

/// <summary>Form actions and links of the consent markup.</summary>
/// <param name="Choices">Action of the banner and preferences forms.</param>
/// <param name="Preferences">The preferences page the banner and the confirmation link to.</param>
public sealed record ConsentUrls(string Choices, string Preferences)
{
    /// <summary>Action of the confirmation's "Hide this message" form; no button without it.</summary>
    public string? HideNotice { get; init; }

    /// <summary>Action of the "Do Not Sell or Share" form.</summary>
    public string? DoNotSell { get; init; }

    /// <summary>Action of the "Limit the Use of My Sensitive Personal Information" form.</summary>
    public string? Limit { get; init; }

    /// <summary>Where the visitor downloads their consent receipt; no link without it.</summary>
    public string? Receipt { get; init; }

    /// <summary>Where the visitor downloads the receipt's readable copy (HTML); no link without it.</summary>
    public string? ReceiptPage { get; init; }
}

/// <summary>The antiforgery hidden field every form carries.</summary>
/// <param name="Name">The field's name (<c>__RequestVerificationToken</c> by default).</param>
/// <param name="Value">The request token.</param>
public readonly record struct AntiforgeryField(string Name, string Value);
