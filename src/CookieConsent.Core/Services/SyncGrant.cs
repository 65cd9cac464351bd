using System.Text.Json;
using System.Text.Json.Serialization;

namespace CookieConsent.Core.Services;

/// <summary>
/// What a sync code stands for: issued by <c>/sync/{site}</c>, bound to the site and the exact return URL, read once.
/// </summary>
/// <param name="Site">The site the code was issued for.</param>
/// <param name="ReturnUrl">The return URL the code was appended to.</param>
/// <param name="Service">The site's service, if it has one.</param>
/// <param name="OptedOut">The visitor's browser had opted out of the service (or sent an honoured GPC).</param>
/// <param name="IssuedAt">When the code was issued: checked on exchange as well as Redis's own expiry.</param>
/// <param name="Visitor">Set when the code carries a choice made on the site's hosted pages: the site's visitor (named
/// by a signed reference) it was recorded for, whose consent the exchange hands back.</param>
/// <param name="OptOut">The opt-out behind <paramref name="OptedOut"/>, when it was made on the service's page (not a GPC signal).</param>
public sealed record SyncGrant(
    string Site, string ReturnUrl, string? Service, bool OptedOut, DateTimeOffset IssuedAt, string? Visitor = null,
    ServiceOptOut? OptOut = null);

/// <summary>A service-level visitor's opt-out.</summary>
/// <param name="Since">When the visitor opted out.</param>
/// <param name="Locale">The locale the opt-out page was shown in.</param>
/// <param name="Wording">The built-in wording version the page rendered (its strings are part of it).</param>
public sealed record ServiceOptOut(DateTimeOffset Since, string? Locale = null, string? Wording = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SyncGrant))]
[JsonSerializable(typeof(ServiceOptOut))]
[JsonSerializable(typeof(ServiceVisitorHead))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;
