using CookieConsent.Client.Contracts;

namespace CookieConsent.Pages;

/// <summary>
/// The "Limit the Use of My Sensitive Personal Information" right (CCPA regulations §7027): which sites owe it, which
/// categories it covers, and whether a visitor's decisions say the limit is in force.
/// </summary>
public static class SensitiveLimit
{
    /// <summary>Whether <paramref name="site"/> offers the limit: an <c>opt-out</c> site with an optional sensitive category.</summary>
    /// <param name="site">The site's definition.</param>
    public static bool Applies(SiteDefinition site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.Regime == ConsentRegime.OptOut && site.Categories.Any(c => c.Sensitive && !c.Required);
    }

    /// <summary>The categories the limit refuses, in display order (none where it does not apply).</summary>
    /// <param name="site">The site's definition.</param>
    public static IReadOnlyList<CategoryDefinition> Categories(SiteDefinition site) =>
        Applies(site) ? site.Categories.Where(c => c.Sensitive && !c.Required).ToList() : [];

    /// <summary>Whether the limit is in force: every sensitive category durably refused (by the visitor or a recorded signal).</summary>
    /// <param name="site">The site's definition.</param>
    /// <param name="decisions">The visitor's decisions on this request.</param>
    public static bool Limited(SiteDefinition site, IReadOnlyList<CategoryDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var sensitive = Categories(site);
        return sensitive.Count > 0 && sensitive.All(c => decisions.Any(d => d.Category == c.Id && d.Reason is
            DecisionReason.VisitorRefusal or DecisionReason.GlobalPrivacyControlRecorded));
    }
}
