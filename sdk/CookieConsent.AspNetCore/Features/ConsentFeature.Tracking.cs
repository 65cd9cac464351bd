using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CookieConsent.AspNetCore.Features;

/// <summary>
/// ASP.NET Core's single consent switch over the per-category decisions, for code written against the built-in
/// cookie policy: it may track only when every optional category is allowed. The request's one consent object serves
/// both features (one allocation per request). Consent itself is given through the
/// consent forms (<c>MapCookieConsent()</c>), which record it at the consent server, so the write members do not
/// set a cookie of their own: <see cref="GrantConsent"/> changes nothing and logs that consent is given through the
/// forms (a site cannot grant on a visitor's behalf); <see cref="WithdrawConsent"/> denies every optional category
/// for the rest of the request, like "Reject all", so cookies of those categories set later in the request are
/// removed from the response; the visitor's recorded choice is changed only through the forms.
/// </summary>
internal sealed partial class ConsentFeature : ITrackingConsentFeature
{
    /// <summary>The request, when the middleware created this feature.</summary>
    internal HttpContext? Context => _context;

    public bool IsConsentNeeded => true;

    public bool HasConsent
    {
        get
        {
            var decisions = Decisions;
            if (_definition is null || decisions.Count == 0)
            {
                return false;
            }
            for (var i = 0; i < decisions.Count; i++)
            {
                if (!decisions[i].Allowed)
                {
                    return false;
                }
            }
            return true;
        }
    }

    public bool CanTrack => HasConsent;

    /// <summary>Not supported: the consent cookie is minted by the consent server when a choice is recorded.</summary>
    public string CreateConsentCookie() => throw new NotSupportedException(
        "Consent is recorded at the consent server through the consent forms (MapCookieConsent), not by setting a cookie directly.");

    /// <summary>Changes nothing: only the visitor grants consent, through the consent forms. Logged once per call.</summary>
    public void GrantConsent() => LogGrantIgnored(Logger());

    /// <summary>Denies every optional category for the rest of this request; the recorded choice stays as it is.</summary>
    public void WithdrawConsent()
    {
        var decisions = _decisions;
        var withdrawn = new CategoryDecision[decisions.Count];
        for (var i = 0; i < decisions.Count; i++)
        {
            var decision = decisions[i];
            withdrawn[i] = decision.Reason == DecisionReason.Required
                ? decision
                : new CategoryDecision(decision.Category, false, DecisionReason.VisitorRefusal);
        }
        Withdraw(withdrawn);
        LogWithdrawnForRequest(Logger());
    }

    // The category names of the logger stay those of the separate feature class this once was: log filters name it.
    private ILogger Logger() =>
        _context?.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(TrackingLogCategory) ?? NullLogger.Instance;

    private const string TrackingLogCategory = "CookieConsent.AspNetCore.Features.TrackingConsentFeature";

    [LoggerMessage(EventId = 2150, EventName = "TrackingConsentGrantIgnored", Level = LogLevel.Information,
        Message = "ITrackingConsentFeature.GrantConsent() changes nothing: visitors give consent through the consent forms (MapCookieConsent).")]
    private static partial void LogGrantIgnored(ILogger logger);

    [LoggerMessage(EventId = 2151, EventName = "TrackingConsentWithdrawnForRequest", Level = LogLevel.Information,
        Message = "ITrackingConsentFeature.WithdrawConsent(): every optional category is denied for the rest of this request; the visitor's recorded choice changes only through the consent forms.")]
    private static partial void LogWithdrawnForRequest(ILogger logger);
}
