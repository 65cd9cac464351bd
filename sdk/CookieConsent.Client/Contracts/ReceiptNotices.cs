using System.Text.Json;

namespace CookieConsent.Client.Contracts;

/// <summary>
/// What a visitor's receipts name, so a client site can show each receipt in the words it was shown with: the notice
/// revisions (site definitions) and the built-in wording versions. A hash or version a receipt names that is not here
/// is no longer known; the download says so rather than showing other words.
/// </summary>
/// <param name="Site">Site id.</param>
/// <param name="Visitor">Visitor id.</param>
/// <param name="Revisions">Each notice revision a receipt of the visitor names, with its definition exactly as it was.</param>
/// <param name="Wordings">Each wording version a receipt of the visitor names: its strings per locale, by member name,
/// exactly as the server stored them (e.g. <c>{"de": {"bannerTitle": "…", "serviceOptOut": {"title": "…"}}}</c>).</param>
public sealed record ReceiptNotices(
    string Site,
    string Visitor,
    IReadOnlyList<SiteRevision> Revisions,
    IReadOnlyDictionary<string, JsonElement> Wordings);
