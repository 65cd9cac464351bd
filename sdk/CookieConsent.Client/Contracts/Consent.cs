using System.Text.Json.Serialization;

namespace CookieConsent.Contracts;

/// <summary>The privacy signals a visitor's browser sent.</summary>
/// <param name="DoNotTrack"><c>DNT: 1</c> was present.</param>
/// <param name="GlobalPrivacyControl"><c>Sec-GPC: 1</c> was present.</param>
public readonly record struct ConsentSignals(bool DoNotTrack, bool GlobalPrivacyControl)
{
    /// <summary>No signal.</summary>
    public static ConsentSignals None => default;
}

/// <summary>Where a choice was made.</summary>
public enum ConsentSource
{
    /// <summary>The banner.</summary>
    [JsonStringEnumMemberName("banner")] Banner,

    /// <summary>A preferences page on the client site.</summary>
    [JsonStringEnumMemberName("preferences")] Preferences,

    /// <summary>The consent server's hosted pages.</summary>
    [JsonStringEnumMemberName("hosted")] Hosted,

    /// <summary>A direct API call.</summary>
    [JsonStringEnumMemberName("api")] Api,
}

/// <summary>A visitor's stored consent.</summary>
/// <param name="Choices">Allowed (true) or denied (false) per optional category.</param>
/// <param name="PolicyVersion">The policy version the visitor answered.</param>
/// <param name="GivenAt">When the choice was made.</param>
/// <param name="ExpiresAt">When it stops counting.</param>
/// <param name="Signals">Signals seen when the choice was made.</param>
/// <param name="Source">Where the choice was made.</param>
/// <param name="ReceiptId">The receipt that proves it.</param>
public sealed record ConsentState(
    IReadOnlyDictionary<string, bool> Choices,
    int PolicyVersion,
    DateTimeOffset GivenAt,
    DateTimeOffset ExpiresAt,
    ConsentSignals Signals,
    ConsentSource Source,
    string ReceiptId);

/// <summary>Body of <c>PUT /v1/sites/{site}/visitors/{visitor}/consent</c>.</summary>
/// <param name="Choices">Allowed (true) or denied (false) for each optional category of the site; all must be given.</param>
/// <param name="Source">Where the visitor made the choice.</param>
/// <param name="VisitorIp">The visitor's IP address; only a truncated prefix is stored.</param>
/// <param name="UserAgent">The visitor's user agent; only its family is stored.</param>
public sealed record RecordConsentRequest(
    IReadOnlyDictionary<string, bool> Choices,
    ConsentSource Source = ConsentSource.Api,
    string? VisitorIp = null,
    string? UserAgent = null);

/// <summary>A consent cookie to set on the visitor's browser.</summary>
public sealed record ConsentCookie(
    string Name,
    string Value,
    string? Domain,
    string Path,
    int MaxAgeSeconds,
    bool HttpOnly,
    bool Secure,
    string SameSite);

/// <summary>Answer to recording a choice.</summary>
public sealed record RecordConsentResponse(
    string ReceiptId,
    ConsentState State,
    ConsentDecisions Decisions,
    ConsentCookie Cookie);

/// <summary>Why a category is allowed or denied.</summary>
public enum DecisionReason
{
    /// <summary>Strictly necessary.</summary>
    [JsonStringEnumMemberName("required")] Required,

    /// <summary>Do Not Track, honoured by the site.</summary>
    [JsonStringEnumMemberName("do-not-track")] DoNotTrack,

    /// <summary>Global Privacy Control on a sale-or-sharing category.</summary>
    [JsonStringEnumMemberName("global-privacy-control")] GlobalPrivacyControl,

    /// <summary>No consent recorded: the regime's default applies.</summary>
    [JsonStringEnumMemberName("no-consent")] NoConsent,

    /// <summary>The consent has expired: the regime's default applies.</summary>
    [JsonStringEnumMemberName("expired")] Expired,

    /// <summary>The policy changed this category since the consent: the regime's default applies.</summary>
    [JsonStringEnumMemberName("policy-changed")] PolicyChanged,

    /// <summary>The visitor's own choice.</summary>
    [JsonStringEnumMemberName("visitor-choice")] VisitorChoice,

    /// <summary>Consent could not be established (store, token or server failed): denied.</summary>
    [JsonStringEnumMemberName("unavailable")] Unavailable,
}

/// <summary>The decision for one category.</summary>
public readonly record struct CategoryDecision(string Category, bool Allowed, DecisionReason Reason);

/// <summary>The effective decisions for one visitor.</summary>
/// <param name="Site">Site id.</param>
/// <param name="Visitor">Visitor id.</param>
/// <param name="PolicyVersion">Policy version of the stored consent, if any.</param>
/// <param name="ExpiresAt">Expiry of the stored consent, if any.</param>
/// <param name="Signals">Signals taken into account.</param>
/// <param name="Categories">One decision per category of the site.</param>
public sealed record ConsentDecisions(
    string Site,
    string Visitor,
    int? PolicyVersion,
    DateTimeOffset? ExpiresAt,
    ConsentSignals Signals,
    IReadOnlyList<CategoryDecision> Categories)
{
    /// <summary>Whether <paramref name="category"/> is allowed; unknown categories are not.</summary>
    public bool IsAllowed(string category)
    {
        foreach (var decision in Categories)
        {
            if (decision.Category == category)
            {
                return decision.Allowed;
            }
        }
        return false;
    }
}

/// <summary>Body of <c>POST /v1/sites/{site}/tokens/verify</c>.</summary>
public sealed record VerifyTokenRequest(string Token);

/// <summary>The proof of one change of consent.</summary>
public sealed record ConsentReceipt(
    string Id,
    string Site,
    string Visitor,
    DateTimeOffset Timestamp,
    int PolicyVersion,
    IReadOnlyDictionary<string, bool> Choices,
    ConsentSignals Signals,
    ConsentSource Source,
    DateTimeOffset ExpiresAt,
    string? IpPrefix,
    string? UserAgentFamily);

/// <summary>Every receipt of one visitor, oldest first.</summary>
public sealed record ReceiptExport(string Site, string Visitor, IReadOnlyList<ConsentReceipt> Receipts);

/// <summary>Opt-ins and opt-outs of one category on one day (UTC).</summary>
public sealed record DailyCategoryStats(DateOnly Day, string Category, long OptIns, long OptOuts);

/// <summary>Consent statistics of a site.</summary>
public sealed record SiteStats(string Site, IReadOnlyList<DailyCategoryStats> Days);
