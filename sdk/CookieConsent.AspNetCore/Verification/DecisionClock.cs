using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// When the shared rule's answer for a stored consent next changes by the clock alone: the grants expire, a scheduled
/// policy version takes effect, or a refusal reaches its re-ask time. A cached answer must not be served past it
/// (a "yes" never outlives its expiry).
/// </summary>
internal static class DecisionClock
{
    /// <summary>The earliest such instant after <paramref name="now"/>, or <paramref name="until"/> when that comes first.</summary>
    public static DateTimeOffset StableUntil(SiteDefinition definition, ConsentState state, DateTimeOffset now, DateTimeOffset until)
    {
        until = Earlier(until, state.ExpiresAt, now);
        foreach (var version in definition.PolicyVersions)
        {
            until = Earlier(until, version.EffectiveFrom, now);
        }
        var reAsk = ConsentDecider.ReAskInterval(definition);
        foreach (var category in definition.Categories)
        {
            if (state.RefusalOf(category.Id) is { } refusal)
            {
                until = Earlier(until, refusal.Since + reAsk, now);
            }
        }
        return until;
    }

    // An instant already past changes nothing any more.
    private static DateTimeOffset Earlier(DateTimeOffset until, DateTimeOffset change, DateTimeOffset now) =>
        change > now && change < until ? change : until;
}
