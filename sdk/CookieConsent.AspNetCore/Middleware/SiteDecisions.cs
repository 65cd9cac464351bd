using System.Collections.ObjectModel;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>
/// What the middleware needs of one site definition on every request, worked out once per fetched policy: the answer
/// without a cookie, the fail-closed answer, and what each combination of request signals overrides (the shared rule's
/// steps 1 and 2, which depend on the category and the signals only). The lists are read-only: requests share them.
/// </summary>
internal sealed class SiteDecisions
{
    // Indexed by signals: DNT as bit 0, GPC as bit 1. A null slot: the category keeps its stored decision.
    private readonly CategoryDecision?[][] _overrides = new CategoryDecision?[4][];

    public SiteDecisions(SiteDefinition definition, DateTimeOffset now)
    {
        Definition = definition;
        // Without a state the rule reads no clock: these hold for as long as the definition does.
        NoCookie = ReadOnly(ConsentDecider.DecideAll(definition, null, ConsentSignals.None, now));
        NoCookieNeedsChoice = ConsentDecider.NeedsChoice(definition, null, now);
        Unavailable = ReadOnly(ConsentDecider.Unavailable(definition));
        for (var s = 0; s < _overrides.Length; s++)
        {
            var signals = new ConsentSignals((s & 1) != 0, (s & 2) != 0);
            var overrides = new CategoryDecision?[definition.Categories.Count];
            for (var i = 0; i < overrides.Length; i++)
            {
                var byRule = ConsentDecider.Decide(definition, definition.Categories[i], null, signals, now);
                overrides[i] = byRule.Reason is DecisionReason.Required or DecisionReason.DoNotTrack or DecisionReason.GlobalPrivacyControl
                    ? byRule
                    : null;
            }
            _overrides[s] = overrides;
        }
    }

    public SiteDefinition Definition { get; }

    /// <summary>The decisions without a consent cookie, before signals.</summary>
    public IReadOnlyList<CategoryDecision> NoCookie { get; }

    public bool NoCookieNeedsChoice { get; }

    /// <summary>Required allowed, everything else denied as unavailable.</summary>
    public IReadOnlyList<CategoryDecision> Unavailable { get; }

    /// <summary>
    /// <see cref="ConsentEvaluator.ApplySignals"/> over <paramref name="stored"/> (one decision per category, in order):
    /// <paramref name="stored"/> itself when the signals change nothing, otherwise a new array of this request's own.
    /// </summary>
    public IReadOnlyList<CategoryDecision> Apply(IReadOnlyList<CategoryDecision> stored, ConsentSignals signals)
    {
        var overrides = _overrides[(signals.DoNotTrack ? 1 : 0) | (signals.GlobalPrivacyControl ? 2 : 0)];
        CategoryDecision[]? result = null;
        for (var i = 0; i < overrides.Length; i++)
        {
            if (overrides[i] is { } byRule && !byRule.Equals(stored[i]))
            {
                if (result is null)
                {
                    result = new CategoryDecision[overrides.Length];
                    for (var j = 0; j < i; j++)
                    {
                        result[j] = stored[j];
                    }
                }
                result[i] = byRule;
            }
            else if (result is not null)
            {
                result[i] = stored[i];
            }
        }
        return result ?? stored;
    }

    /// <summary>A read-only view that requests can share (an array could be cast back and changed).</summary>
    public static IReadOnlyList<CategoryDecision> ReadOnly(IReadOnlyList<CategoryDecision> decisions) =>
        decisions as ReadOnlyCollection<CategoryDecision> ?? new ReadOnlyCollection<CategoryDecision>([.. decisions]);
}
