using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Http.Features;

namespace CookieConsent.AspNetCore.Features;

/// <summary>
/// ASP.NET Core's single consent switch over the per-category decisions, for code written against the built-in
/// cookie policy: it may track only when every optional category is allowed. Consent itself is given through the
/// consent forms (<c>MapCookieConsent()</c>), which record it at the consent server: the write members throw.
/// </summary>
internal sealed class TrackingConsentFeature : ITrackingConsentFeature
{
    private readonly ConsentFeature _consent;

    public TrackingConsentFeature(ConsentFeature consent) => _consent = consent;

    public bool IsConsentNeeded => true;

    public bool HasConsent
    {
        get
        {
            var decisions = _consent.Decisions;
            var definition = _consent.DefinitionValue;
            if (definition is null || decisions.Count == 0)
            {
                return false;
            }
            foreach (var decision in decisions)
            {
                if (!decision.Allowed)
                {
                    return false;
                }
            }
            return true;
        }
    }

    public bool CanTrack => HasConsent;

    public string CreateConsentCookie() => throw NotSupported();

    public void GrantConsent() => throw NotSupported();

    public void WithdrawConsent() => throw NotSupported();

    private static NotSupportedException NotSupported() => new(
        "Consent is recorded at the consent server through the consent forms (MapCookieConsent), not by setting a cookie directly.");
}
