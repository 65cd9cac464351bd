using System.Text;
using System.Text.Encodings.Web;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Pages;

/// <summary>
/// The footer line a site owes under CCPA regulations §7025(c): "Opt-out request honored" with a link to the
/// settings, when Global Privacy Control is honoured on this request or an opt-out is stored; nothing otherwise.
/// </summary>
public static class PrivacyStatus
{
    /// <summary>Whether there is an opt-out to report: every sale-or-sharing category refused, by a signal or the visitor.</summary>
    /// <param name="site">The site's definition.</param>
    /// <param name="decisions">The visitor's decisions on this request.</param>
    public static bool OptOutHonored(SiteDefinition site, IReadOnlyList<CategoryDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(decisions);
        var saleOrSharing = site.Categories.Where(c => c.SaleOrSharing && !c.Required).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return saleOrSharing.Count > 0 && saleOrSharing.All(id => decisions.Any(d => d.Category == id && d.Reason is
            DecisionReason.GlobalPrivacyControl or DecisionReason.GlobalPrivacyControlRecorded or DecisionReason.VisitorRefusal));
    }

    /// <summary>
    /// The line's markup in <paramref name="locale"/>, or an empty string when there is nothing to say: "Opt-out request
    /// honored" and, where the site offers it and the visitor used it, "Limit request honored" (CCPA regulations §7027).
    /// </summary>
    /// <param name="site">The site's definition.</param>
    /// <param name="decisions">The visitor's decisions on this request.</param>
    /// <param name="locale">The negotiated locale.</param>
    /// <param name="settingsUrl">Where the visitor changes their choices.</param>
    public static string Render(SiteDefinition site, IReadOnlyList<CategoryDecision> decisions, string? locale, string settingsUrl)
    {
        var strings = BuiltInStrings.For(locale);
        var texts = new List<string>(2);
        if (OptOutHonored(site, decisions))
        {
            texts.Add(strings.OptOutHonored);
        }
        if (SensitiveLimit.Limited(site, decisions))
        {
            texts.Add(strings.LimitHonored);
        }
        if (texts.Count == 0)
        {
            return "";
        }
        var html = HtmlEncoder.Default;
        var line = new StringBuilder("<p class=\"cc-privacy-status\">");
        foreach (var text in texts)
        {
            line.Append("<span class=\"cc-privacy-status__text\">").Append(html.Encode(text)).Append("</span> ");
        }
        return line.Append("<a class=\"cc-privacy-status__link\" href=\"").Append(html.Encode(settingsUrl)).Append("\">")
            .Append(html.Encode(strings.PrivacyChoicesLink)).Append("</a></p>").ToString();
    }
}
