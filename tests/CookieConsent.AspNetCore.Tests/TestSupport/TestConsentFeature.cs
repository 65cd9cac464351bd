using CookieConsent.AspNetCore.Features;
using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Tests.TestSupport;

/// <summary>A fixed answer to "what may this visitor be tracked for", as the middleware would set it.</summary>
internal sealed class TestConsentFeature : IConsentFeature
{
    public string Site { get; init; } = TestSites.SiteId;

    public SiteDefinition? Definition { get; init; } = TestSites.Site();

    public string? VisitorId { get; init; }

    public ConsentSignals Signals { get; init; }

    public IReadOnlyList<CategoryDecision> Decisions { get; init; } = TestSites.NoChoice(TestSites.Site());

    public DateTimeOffset? ExpiresAt { get; init; }

    public bool NeedsChoice { get; init; } = true;

    public bool IsAllowed(string category) => Decisions.Any(d => d.Category == category && d.Allowed);
}
