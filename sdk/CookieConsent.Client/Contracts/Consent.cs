using System.Text.Json.Serialization;

namespace CookieConsent.Client.Contracts;

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

    /// <summary>A browser signal (Global Privacy Control) recorded as the visitor's opt-out.</summary>
    [JsonStringEnumMemberName("signal")] Signal,

    /// <summary>The visitor's opt-out of a whole service (<c>/optout/{service}</c>), synced to the site.</summary>
    [JsonStringEnumMemberName("service")] Service,
}

/// <summary>When and how a category was refused; a refusal stands until the visitor explicitly changes it.</summary>
/// <param name="Since">When the refusal was given (the re-ask interval counts from here).</param>
/// <param name="Source">Where it was given; <see cref="ConsentSource.Signal"/> for a recorded Global Privacy Control.</param>
public sealed record CategoryRefusal(DateTimeOffset Since, ConsentSource Source);

/// <summary>A visitor's stored consent.</summary>
/// <param name="Choices">Allowed (true) or refused (false) per optional category, keyed by category id.</param>
/// <param name="PolicyVersion">The policy version the visitor answered.</param>
/// <param name="GivenAt">When the choice was made.</param>
/// <param name="ExpiresAt">When the grants (true) stop counting; refusals never expire.</param>
/// <param name="Signals">Signals seen when the choice was made.</param>
/// <param name="Source">Where the choice was made.</param>
/// <param name="ReceiptId">The receipt that proves it.</param>
/// <param name="Refusals">When and how each refused category was refused; a refusal missing here counts from
/// <paramref name="GivenAt"/> with <paramref name="Source"/> (states stored before refusals had their own time).</param>
public sealed record ConsentState(
    IReadOnlyDictionary<string, bool> Choices,
    int PolicyVersion,
    DateTimeOffset GivenAt,
    DateTimeOffset ExpiresAt,
    ConsentSignals Signals,
    ConsentSource Source,
    string ReceiptId,
    IReadOnlyDictionary<string, CategoryRefusal>? Refusals = null)
{
    /// <summary>The refusal of <paramref name="category"/>, or <see langword="null"/> when it is not refused.</summary>
    public CategoryRefusal? RefusalOf(string category) =>
        Choices.TryGetValue(category, out var allowed) && !allowed
            ? Refusals?.GetValueOrDefault(category) ?? new CategoryRefusal(GivenAt, Source)
            : null;
}

/// <summary>Body of <c>PUT /v1/sites/{site}/visitors/{visitor}/consent</c>.</summary>
/// <param name="Choices">Allowed (true) or denied (false) for each optional category of the site; all must be given.</param>
/// <param name="Source">Where the visitor made the choice.</param>
/// <param name="VisitorIp">The visitor's IP address; only a truncated prefix is stored.</param>
/// <param name="UserAgent">The visitor's user agent; only its family is stored.</param>
/// <param name="ConfirmedOverGlobalPrivacyControl">The visitor was told that their browser sends Global Privacy
/// Control and still confirmed allowing a sale-or-sharing category. Without it, such a grant sent with
/// <c>Sec-GPC: 1</c> is refused (409) and nothing is stored.</param>
/// <param name="Shown">What was rendered (revision, locale, wording, control, surface); a revision or wording the
/// server does not know is refused (422) and nothing is stored. Left out: the current revision, control and surface
/// <c>api</c>.</param>
public sealed record RecordConsentRequest(
    IReadOnlyDictionary<string, bool> Choices,
    ConsentSource Source = ConsentSource.Api,
    string? VisitorIp = null,
    string? UserAgent = null,
    bool ConfirmedOverGlobalPrivacyControl = false,
    ConsentShown? Shown = null);

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

    /// <summary>The visitor's Global Privacy Control, recorded as an opt-out earlier: denied until the visitor changes it.</summary>
    [JsonStringEnumMemberName("global-privacy-control-recorded")] GlobalPrivacyControlRecorded,

    /// <summary>No consent recorded: the regime's default applies.</summary>
    [JsonStringEnumMemberName("no-consent")] NoConsent,

    /// <summary>The grant has expired: the regime's default applies.</summary>
    [JsonStringEnumMemberName("expired")] Expired,

    /// <summary>The policy changed this category since the grant: the regime's default applies.</summary>
    [JsonStringEnumMemberName("policy-changed")] PolicyChanged,

    /// <summary>The visitor allowed it (a grant, still valid).</summary>
    [JsonStringEnumMemberName("visitor-choice")] VisitorChoice,

    /// <summary>The visitor refused it: denied until the visitor explicitly changes it, whatever its age or the policy.</summary>
    [JsonStringEnumMemberName("visitor-refusal")] VisitorRefusal,

    /// <summary>The visitor opted out of the service the site belongs to: denied until they opt back in.</summary>
    [JsonStringEnumMemberName("service-opt-out")] ServiceOptOut,

    /// <summary>Consent could not be established (store, server, or a cookie that failed verification): denied.</summary>
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
/// <param name="NeedsChoice">Whether the visitor should be asked (again): some optional category has no choice, a
/// lapsed grant, or a refusal older than the site's re-ask interval. <see langword="null"/> from older servers.</param>
public sealed record ConsentDecisions(
    string Site,
    string Visitor,
    int? PolicyVersion,
    DateTimeOffset? ExpiresAt,
    ConsentSignals Signals,
    IReadOnlyList<CategoryDecision> Categories,
    bool? NeedsChoice = null)
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

/// <summary>
/// The proof of one change of consent. The members after <paramref name="UserAgentFamily"/> are missing on receipts
/// stored before they existed; they are set by the server or the SDK, never taken from a visitor's form.
/// </summary>
/// <param name="Id">Receipt id.</param>
/// <param name="Site">Site id.</param>
/// <param name="Visitor">Visitor id.</param>
/// <param name="Timestamp">When the choice was recorded (UTC, whole seconds).</param>
/// <param name="PolicyVersion">The policy version in effect.</param>
/// <param name="Choices">Allowed (true) or refused (false) per optional category.</param>
/// <param name="Signals">The signals the browser sent.</param>
/// <param name="Source">Where the choice was made (coarse; see <paramref name="Surface"/>).</param>
/// <param name="ExpiresAt">When the grants lapse.</param>
/// <param name="IpPrefix">The visitor's IP truncated to /24 or /48.</param>
/// <param name="UserAgentFamily">The browser family.</param>
/// <param name="Revision">The notice revision shown (content hash of the site definition, 32 hex digits).</param>
/// <param name="Locale">The locale the notice was shown in.</param>
/// <param name="Wording">The built-in wording version rendered (32 hex digits).</param>
/// <param name="Control">The control used.</param>
/// <param name="Event">The kind of change, derived by the server.</param>
/// <param name="Surface">Where the notice was shown.</param>
/// <param name="Previous">The hash of the visitor's previous receipt (the chain link); none on a chain's first receipt.</param>
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
    string? UserAgentFamily,
    [property: JsonPropertyName("rev")] string? Revision = null,
    string? Locale = null,
    string? Wording = null,
    ConsentControl? Control = null,
    ConsentEvent? Event = null,
    ConsentSurface? Surface = null,
    [property: JsonPropertyName("prev")] string? Previous = null);

/// <summary>Every receipt of one visitor, oldest first, and whether their hash chain verifies.</summary>
/// <param name="Site">Site id.</param>
/// <param name="Visitor">Visitor id.</param>
/// <param name="Receipts">The receipts, oldest first.</param>
/// <param name="Chain">The chain check; <see langword="null"/> from older servers.</param>
public sealed record ReceiptExport(string Site, string Visitor, IReadOnlyList<ConsentReceipt> Receipts, ReceiptChainCheck? Chain = null);

/// <summary>Opt-ins and opt-outs of one category on one day (UTC).</summary>
public sealed record DailyCategoryStats(DateOnly Day, string Category, long OptIns, long OptOuts);

/// <summary>Consent statistics of a site.</summary>
public sealed record SiteStats(string Site, IReadOnlyList<DailyCategoryStats> Days);

/// <summary>What a visitor asked for, in the site's request log.</summary>
public enum PrivacyRequestType
{
    /// <summary>Erasure (GDPR Art. 17, CCPA right to delete).</summary>
    [JsonStringEnumMemberName("erasure")] Erasure,

    /// <summary>Export of the receipts (GDPR Art. 15/20, CCPA right to know).</summary>
    [JsonStringEnumMemberName("export")] Export,
}

/// <summary>How a logged request ended.</summary>
public enum PrivacyRequestOutcome
{
    /// <summary>Carried out.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>Carried out; refusals were kept as a suppression record so the visitor stays opted out.</summary>
    [JsonStringEnumMemberName("completed-refusals-kept")] CompletedRefusalsKept,
}

/// <summary>One entry of a site's request log: no visitor id, no personal data.</summary>
/// <param name="Id">Entry id.</param>
/// <param name="At">When the request was handled (UTC).</param>
/// <param name="Type">What was asked.</param>
/// <param name="Outcome">How it ended.</param>
public sealed record PrivacyRequestLogEntry(string Id, DateTimeOffset At, PrivacyRequestType Type, PrivacyRequestOutcome Outcome);

/// <summary>A site's request log, newest first (kept 24 months).</summary>
public sealed record PrivacyRequestLog(string Site, IReadOnlyList<PrivacyRequestLogEntry> Entries);
