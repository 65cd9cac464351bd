using System.Text.Json.Serialization;

namespace CookieConsent.Client.Contracts;

/// <summary>Whether optional categories start denied (GDPR) or allowed (CCPA).</summary>
public enum ConsentRegime
{
    /// <summary>Nothing but required categories until the visitor says yes.</summary>
    [JsonStringEnumMemberName("opt-in")] OptIn,

    /// <summary>Allowed until the visitor or a signal says no.</summary>
    [JsonStringEnumMemberName("opt-out")] OptOut,
}

/// <summary>A site's consent configuration, as the admin API stores it.</summary>
/// <param name="DisplayName">Name shown to visitors.</param>
/// <param name="Categories">Cookie categories, in display order.</param>
/// <param name="PolicyVersions">Policy versions; the newest effective one is the current policy.</param>
/// <param name="AllowedReturnHosts">Hosts the hosted pages may redirect back to.</param>
/// <param name="CookieName">Name of the consent cookie. Defaults to <c>cc_consent</c>.</param>
/// <param name="CookieDomain">Optional Domain attribute of the consent cookie.</param>
/// <param name="ConsentLifetimeDays">How long a consent lasts, in days (1 to 395). Defaults to 180.</param>
/// <param name="RefusalLifetimeDays">The re-ask interval: how many days after refusing a category the visitor may be
/// asked again (the refusal itself never lapses). At least 365 on <c>opt-out</c> sites and 183 on <c>opt-in</c> sites;
/// <see langword="null"/> (the default) means that minimum.</param>
/// <param name="HonorDoNotTrack">Whether <c>DNT: 1</c> denies every optional category. Defaults to true.</param>
/// <param name="HonorGlobalPrivacyControl">Whether <c>Sec-GPC: 1</c> denies sale-or-sharing categories. Defaults to true.</param>
/// <param name="Regime">The legal regime. Defaults to opt-in.</param>
/// <param name="PolicyUrl">Link to the site's privacy or cookie policy.</param>
/// <param name="DefaultLocale">Locale used when the visitor's languages match none of the texts. Defaults to <c>en</c>.</param>
/// <param name="HomeUrl">The site's home page, an absolute http(s) URL on one of <paramref name="AllowedReturnHosts"/>: where
/// the hosted pages' "Back to …" link goes when no return URL was given. Without it, the first allowed host's root.</param>
/// <param name="Controller">Who is responsible for the processing (the receipt's controller); optional, but a receipt
/// download names the fields that are missing.</param>
public sealed record SiteDefinition(
    string DisplayName,
    IReadOnlyList<CategoryDefinition> Categories,
    IReadOnlyList<PolicyVersion> PolicyVersions,
    IReadOnlyList<string> AllowedReturnHosts,
    string CookieName = "cc_consent",
    string? CookieDomain = null,
    int ConsentLifetimeDays = 180,
    int? RefusalLifetimeDays = null,
    bool HonorDoNotTrack = true,
    bool HonorGlobalPrivacyControl = true,
    ConsentRegime Regime = ConsentRegime.OptIn,
    string? PolicyUrl = null,
    string DefaultLocale = "en",
    string? HomeUrl = null,
    ControllerDetails? Controller = null);

/// <summary>The data controller named on receipts (Kantara Consent Receipt 1.1 <c>piiControllers</c>).</summary>
/// <param name="LegalName">The controller's legal name.</param>
/// <param name="Contact">A postal address or an email address for privacy questions.</param>
/// <param name="PrivacyPolicyUrl">The controller's privacy policy, an absolute http(s) URL.</param>
public sealed record ControllerDetails(string? LegalName = null, string? Contact = null, string? PrivacyPolicyUrl = null);

/// <summary>A cookie category.</summary>
/// <param name="Id">Category id, <c>[a-z0-9-]{1,32}</c>.</param>
/// <param name="Required">Strictly necessary: always allowed, cannot be refused.</param>
/// <param name="SaleOrSharing">Covered by the CCPA/CPRA opt-out and by Global Privacy Control.</param>
/// <param name="Texts">Name and description per locale (e.g. <c>en</c>, <c>de</c>).</param>
/// <param name="Cookies">Cookie names that belong to the category; a trailing <c>*</c> makes a prefix.</param>
/// <param name="Sensitive">Uses sensitive personal information (CCPA "Limit the Use of My Sensitive Personal
/// Information"): on <c>opt-out</c> sites it gets a limit page and is refused and decided like sale or sharing.</param>
public sealed record CategoryDefinition(
    string Id,
    bool Required,
    bool SaleOrSharing,
    IReadOnlyDictionary<string, CategoryText> Texts,
    IReadOnlyList<string> Cookies,
    bool Sensitive = false);

/// <summary>A category's text in one locale.</summary>
public sealed record CategoryText(string Name, string Description);

/// <summary>A version of the site's policy.</summary>
/// <param name="Version">Increasing version number.</param>
/// <param name="EffectiveFrom">The instant from which it applies; until then it changes nothing.</param>
/// <param name="ChangedCategories">Categories whose earlier consents this version invalidates.</param>
public sealed record PolicyVersion(int Version, DateTimeOffset EffectiveFrom, IReadOnlyList<string> ChangedCategories);

/// <summary>A stored site.</summary>
/// <param name="Id">Site id.</param>
/// <param name="Definition">The site's configuration.</param>
/// <param name="CurrentRevision">The content hash of <paramref name="Definition"/>: the notice revision receipts name.</param>
public sealed record SiteResponse(string Id, SiteDefinition Definition, string? CurrentRevision = null);

/// <summary>A site's public policy: everything a visitor or a client site needs to show and decide.</summary>
/// <param name="Site">Site id.</param>
/// <param name="CurrentVersion">The newest policy version in effect now (0 when none is).</param>
/// <param name="Definition">The site's configuration (nothing in it is secret).</param>
/// <param name="Revision">The notice revision of <paramref name="Definition"/> (what a receipt names); <see langword="null"/>
/// from older servers.</param>
public sealed record PolicyResponse(string Site, int CurrentVersion, SiteDefinition Definition, string? Revision = null);

/// <summary>A newly created site API key; the secret is shown only here.</summary>
public sealed record ApiKeyCreated(string KeyId, string Key, DateTimeOffset CreatedAt);
