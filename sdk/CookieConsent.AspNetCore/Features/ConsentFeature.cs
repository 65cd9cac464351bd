using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Http;

namespace CookieConsent.AspNetCore.Features;

/// <summary>
/// The request's consent. Remembers whether anything read it, so the response can be marked as varying by
/// consent (<c>Cache-Control: private</c>, <c>Vary: Cookie, DNT, Sec-GPC</c>). Also the request's
/// <c>ITrackingConsentFeature</c> (ConsentFeature.Tracking.cs).
/// </summary>
internal sealed partial class ConsentFeature : IConsentFeature
{
    private readonly SiteDefinition? _definition;
    private readonly HttpContext? _context;
    private IReadOnlyList<CategoryDecision> _decisions;
    private string? _visitorId;
    private DateTimeOffset? _expiresAt;
    private bool _needsChoice;

    public ConsentFeature(
        string site,
        SiteDefinition? definition,
        string? visitorId,
        ConsentSignals signals,
        IReadOnlyList<CategoryDecision> decisions,
        DateTimeOffset? expiresAt,
        bool needsChoice,
        HttpContext? context = null)
    {
        _context = context;
        Site = site;
        _definition = definition;
        _visitorId = visitorId;
        SignalsValue = signals;
        _decisions = decisions;
        _expiresAt = expiresAt;
        _needsChoice = needsChoice;
    }

    /// <summary>Whether any member was read during the request.</summary>
    public bool WasRead { get; private set; }

    public string Site { get; }

    public SiteDefinition? Definition => Read(_definition);

    public string? VisitorId => Read(_visitorId);

    public ConsentSignals Signals => Read(SignalsValue);

    public IReadOnlyList<CategoryDecision> Decisions => Read(_decisions);

    public DateTimeOffset? ExpiresAt => Read(_expiresAt);

    public bool NeedsChoice => Read(_needsChoice);

    /// <summary>The signals, without counting as a read (for the SDK's own bookkeeping).</summary>
    internal ConsentSignals SignalsValue { get; }

    /// <summary>The definition, without counting as a read.</summary>
    internal SiteDefinition? DefinitionValue => _definition;

    /// <summary>The decisions, without counting as a read.</summary>
    internal IReadOnlyList<CategoryDecision> DecisionsValue => _decisions;

    /// <summary>The visitor id, without counting as a read.</summary>
    internal string? VisitorIdValue => _visitorId;

    public bool IsAllowed(string category)
    {
        WasRead = true;
        return IsAllowedCore(category);
    }

    /// <summary>The decision, without counting as a read (cookie enforcement is not page content).</summary>
    internal bool IsAllowedCore(string category)
    {
        var decisions = _decisions;
        for (var i = 0; i < decisions.Count; i++)
        {
            if (decisions[i].Category == category)
            {
                return decisions[i].Allowed;
            }
        }
        return false;
    }

    /// <summary>After a choice was recorded in this request, later code in the same request sees it.</summary>
    internal void Update(string visitorId, IReadOnlyList<CategoryDecision> decisions, DateTimeOffset? expiresAt, bool needsChoice = false)
    {
        _visitorId = visitorId;
        _decisions = decisions;
        _expiresAt = expiresAt;
        _needsChoice = needsChoice;
    }

    /// <summary>Optional categories denied for the rest of the request (<c>ITrackingConsentFeature.WithdrawConsent</c>).</summary>
    internal void Withdraw(IReadOnlyList<CategoryDecision> decisions) => _decisions = decisions;

    private T Read<T>(T value)
    {
        WasRead = true;
        return value;
    }
}
