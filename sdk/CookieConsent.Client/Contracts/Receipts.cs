using System.Text.Json.Serialization;

namespace CookieConsent.Client.Contracts;

/// <summary>The control a visitor (or a caller) used to make a choice.</summary>
public enum ConsentControl
{
    /// <summary>"Accept all".</summary>
    [JsonStringEnumMemberName("accept-all")] AcceptAll,

    /// <summary>"Reject all".</summary>
    [JsonStringEnumMemberName("reject-all")] RejectAll,

    /// <summary>"Save" on a form with a choice per category.</summary>
    [JsonStringEnumMemberName("save")] Save,

    /// <summary>"Do Not Sell or Share My Personal Information".</summary>
    [JsonStringEnumMemberName("do-not-sell")] DoNotSell,

    /// <summary>"Limit the Use of My Sensitive Personal Information".</summary>
    [JsonStringEnumMemberName("limit")] Limit,

    /// <summary>A browser signal (Global Privacy Control), no control at all.</summary>
    [JsonStringEnumMemberName("signal")] Signal,

    /// <summary>A direct API call that named no control.</summary>
    [JsonStringEnumMemberName("api")] Api,
}

/// <summary>What kind of change a receipt records; derived by the server, never sent by a caller.</summary>
public enum ConsentEvent
{
    /// <summary>The visitor's first receipt (or the first after an erasure).</summary>
    [JsonStringEnumMemberName("given")] Given,

    /// <summary>Any later change that is not a withdrawal.</summary>
    [JsonStringEnumMemberName("changed")] Changed,

    /// <summary>Everything previously granted is now refused.</summary>
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,

    /// <summary>A Global Privacy Control signal recorded as the visitor's opt-out.</summary>
    [JsonStringEnumMemberName("signal")] Signal,

    /// <summary>The visitor's receipts were erased (GDPR Art. 17): the head of a new chain, without personal data.</summary>
    [JsonStringEnumMemberName("erased")] Erased,
}

/// <summary>Where a choice was made.</summary>
public enum ConsentSurface
{
    /// <summary>The SDK's banner on the client site.</summary>
    [JsonStringEnumMemberName("sdk-banner")] SdkBanner,

    /// <summary>The SDK's preferences page (or "Do Not Sell", "Limit") on the client site.</summary>
    [JsonStringEnumMemberName("sdk-preferences")] SdkPreferences,

    /// <summary>The consent server's hosted pages.</summary>
    [JsonStringEnumMemberName("hosted")] Hosted,

    /// <summary>A direct API call.</summary>
    [JsonStringEnumMemberName("api")] Api,

    /// <summary>A service's own opt-out (<c>/optout/{service}</c>).</summary>
    [JsonStringEnumMemberName("service")] Service,
}

/// <summary>What the SDK or the hosted pages rendered when the visitor chose: recorded on the receipt as given.</summary>
/// <param name="Revision">The notice revision shown (32 hex digits); the site's current one when left out.</param>
/// <param name="Locale">The locale the texts were shown in (e.g. <c>de</c>).</param>
/// <param name="Wording">The built-in wording version rendered (32 hex digits).</param>
/// <param name="Control">The control used; <see cref="ConsentControl.Api"/> when left out.</param>
/// <param name="Surface">Where it was shown; <see cref="ConsentSurface.Api"/> when left out.</param>
public sealed record ConsentShown(
    string? Revision = null,
    string? Locale = null,
    string? Wording = null,
    ConsentControl? Control = null,
    ConsentSurface? Surface = null);

/// <summary>Whether a visitor's receipts still form an unbroken hash chain.</summary>
/// <param name="Verified">Every receipt links to the one before it and the last one is the chain's recorded head.</param>
/// <param name="BrokenAt">The index (oldest first) of the first receipt that does not link; the receipt count when the
/// recorded head is missing or names another receipt (the newest one was edited or deleted). <see langword="null"/>
/// with <paramref name="Verified"/> false: the receipts predate chains, there is nothing to verify them against.</param>
/// <param name="Head">The hash of the newest receipt (22 characters, base64url of 16 bytes of SHA-256).</param>
public sealed record ReceiptChainCheck(bool Verified, int? BrokenAt = null, string? Head = null);

/// <summary>A visitor whose chain failed the site-day check.</summary>
/// <param name="Visitor">Visitor id.</param>
/// <param name="BrokenAt">As in <see cref="ReceiptChainCheck.BrokenAt"/>.</param>
public sealed record BrokenChain(string Visitor, int? BrokenAt);

/// <summary>Answer of <c>GET /v1/sites/{site}/receipts/verify?day=</c>.</summary>
/// <param name="Site">Site id.</param>
/// <param name="Day">The UTC day checked.</param>
/// <param name="Verified">The recomputed digest equals the recorded one and every chain verifies.</param>
/// <param name="Receipts">Receipts of that day found in the visitors' chains.</param>
/// <param name="RecordedReceipts">Receipts of that day the running digest counted.</param>
/// <param name="DigestMatches">The digest recomputed from the chains equals the running digest.</param>
/// <param name="Broken">Visitors whose chain does not verify (empty when none).</param>
public sealed record SiteDayVerification(
    string Site, DateOnly Day, bool Verified, long Receipts, long RecordedReceipts, bool DigestMatches,
    IReadOnlyList<BrokenChain> Broken);
