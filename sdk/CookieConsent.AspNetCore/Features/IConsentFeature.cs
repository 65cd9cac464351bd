using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Features;

/// <summary>
/// The visitor's consent for the current request, set by <c>UseCookieConsent()</c>.
/// Anything that could not be established is denied.
/// </summary>
public interface IConsentFeature
{
    /// <summary>The site id.</summary>
    string Site { get; }

    /// <summary>The site's configuration, or <see langword="null"/> when it could not be loaded.</summary>
    SiteDefinition? Definition { get; }

    /// <summary>The visitor id from a valid consent cookie, if any.</summary>
    string? VisitorId { get; }

    /// <summary>Signals on this request (<c>DNT</c>, <c>Sec-GPC</c>).</summary>
    ConsentSignals Signals { get; }

    /// <summary>One decision per category of the site.</summary>
    IReadOnlyList<CategoryDecision> Decisions { get; }

    /// <summary>When the visitor's consent expires, if there is one.</summary>
    DateTimeOffset? ExpiresAt { get; }

    /// <summary>Whether the visitor should be asked: no valid choice for some optional category.</summary>
    bool NeedsChoice { get; }

    /// <summary>Whether <paramref name="category"/> may be used; unknown categories may not.</summary>
    bool IsAllowed(string category);
}
