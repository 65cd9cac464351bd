using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Decisions;

/// <summary>
/// The decision rule: one pure function, shared by the server and the SDK so both sides always agree.
/// A "no" is durable, a "yes" lapses: a refusal stands until the visitor explicitly changes it (it never expires into
/// "allowed" and a policy change does not void it); a grant lapses on expiry or when an effective policy version
/// changed its category, and then — as without any state — the regime's default applies.
/// </summary>
public static class ConsentDecider
{
    /// <summary>Shortest re-ask interval on <c>opt-out</c> sites: 12 months (Cal. Civ. Code §1798.135).</summary>
    public const int MinOptOutReAskDays = 365;

    /// <summary>Shortest re-ask interval on <c>opt-in</c> sites: 6 months.</summary>
    public const int MinOptInReAskDays = 183;

    /// <summary>Decides whether <paramref name="category"/> may be used for this visitor now.</summary>
    /// <param name="site">The site's configuration.</param>
    /// <param name="category">One of the site's categories.</param>
    /// <param name="state">The visitor's stored consent, or <see langword="null"/> when there is none.</param>
    /// <param name="signals">Signals on the current request.</param>
    /// <param name="now">The current instant.</param>
    public static CategoryDecision Decide(
        SiteDefinition site, CategoryDefinition category, ConsentState? state, ConsentSignals signals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(category);

        if (category.Required)
        {
            return new(category.Id, true, DecisionReason.Required);
        }
        if (signals.DoNotTrack && site.HonorDoNotTrack)
        {
            return new(category.Id, false, DecisionReason.DoNotTrack);
        }
        if (signals.GlobalPrivacyControl && site.HonorGlobalPrivacyControl && category.SaleOrSharing)
        {
            return new(category.Id, false, DecisionReason.GlobalPrivacyControl);
        }
        if (state is not null && state.Choices.TryGetValue(category.Id, out var allowed))
        {
            if (!allowed)
            {
                // No expiry and no policy version can turn a refusal back into "allowed".
                return new(category.Id, false, state.RefusalOf(category.Id)!.Source switch
                {
                    ConsentSource.Signal => DecisionReason.GlobalPrivacyControlRecorded,
                    ConsentSource.Service => DecisionReason.ServiceOptOut,
                    _ => DecisionReason.VisitorRefusal,
                });
            }
            if (GrantProblem(site, category.Id, state, now) is { } lapsed)
            {
                return new(category.Id, RegimeDefault(site), lapsed);
            }
            return new(category.Id, true, DecisionReason.VisitorChoice);
        }
        return new(category.Id, RegimeDefault(site), DecisionReason.NoConsent);
    }

    /// <summary>Decides every category of the site, in the site's order.</summary>
    public static IReadOnlyList<CategoryDecision> DecideAll(
        SiteDefinition site, ConsentState? state, ConsentSignals signals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        var decisions = new CategoryDecision[site.Categories.Count];
        for (var i = 0; i < decisions.Length; i++)
        {
            decisions[i] = Decide(site, site.Categories[i], state, signals, now);
        }
        return decisions;
    }

    /// <summary>The fail-closed answer: required categories allowed, everything else denied.</summary>
    public static IReadOnlyList<CategoryDecision> Unavailable(SiteDefinition site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.Categories
            .Select(c => c.Required
                ? new CategoryDecision(c.Id, true, DecisionReason.Required)
                : new CategoryDecision(c.Id, false, DecisionReason.Unavailable))
            .ToArray();
    }

    /// <summary>The newest policy version in effect at <paramref name="now"/>; 0 when none is.</summary>
    public static int CurrentPolicyVersion(SiteDefinition site, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        var current = 0;
        foreach (var version in site.PolicyVersions)
        {
            if (version.EffectiveFrom <= now && version.Version > current)
            {
                current = version.Version;
            }
        }
        return current;
    }

    /// <summary>
    /// Whether the visitor should be asked (again): some optional category has no choice, a lapsed grant, or a
    /// refusal older than the site's re-ask interval. (Asking is all it is: the refusal holds until answered.)
    /// </summary>
    public static bool NeedsChoice(SiteDefinition site, ConsentState? state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        var reAsk = ReAskInterval(site);
        foreach (var category in site.Categories)
        {
            if (category.Required)
            {
                continue;
            }
            if (state is null || !state.Choices.TryGetValue(category.Id, out var allowed))
            {
                return true;
            }
            if (allowed ? GrantProblem(site, category.Id, state, now) is not null : state.RefusalOf(category.Id)!.Since + reAsk <= now)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// How long after a refusal the visitor may be asked again: the site's <see cref="SiteDefinition.RefusalLifetimeDays"/>,
    /// never less than <see cref="MinOptOutReAskDays"/> (opt-out) or <see cref="MinOptInReAskDays"/> (opt-in).
    /// </summary>
    public static TimeSpan ReAskInterval(SiteDefinition site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var minimum = MinimumReAskDays(site.Regime);
        return TimeSpan.FromDays(Math.Max(site.RefusalLifetimeDays ?? minimum, minimum));
    }

    /// <summary>
    /// Until when the answers of <see cref="DecideAll"/> and <see cref="NeedsChoice"/> for <paramref name="state"/> stay
    /// what they are at <paramref name="now"/> by the clock alone: the earliest of the grants' expiry, a scheduled policy
    /// version taking effect and a refusal reaching its re-ask time, or <paramref name="until"/> when that comes first.
    /// A cached answer must not be served from then on (a "yes" never outlives its expiry).
    /// </summary>
    public static DateTimeOffset StableUntil(SiteDefinition site, ConsentState? state, DateTimeOffset now, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (state is null)
        {
            // Nothing stored: "no consent" and "ask" whatever the time.
            return until;
        }
        until = EarlierChange(until, state.ExpiresAt, now);
        foreach (var version in site.PolicyVersions)
        {
            until = EarlierChange(until, version.EffectiveFrom, now);
        }
        var reAsk = ReAskInterval(site);
        foreach (var category in site.Categories)
        {
            if (state.RefusalOf(category.Id) is { } refusal)
            {
                until = EarlierChange(until, refusal.Since + reAsk, now);
            }
        }
        return until;
    }

    // An instant already past changes nothing any more.
    private static DateTimeOffset EarlierChange(DateTimeOffset until, DateTimeOffset change, DateTimeOffset now) =>
        change > now && change < until ? change : until;

    /// <summary>The shortest re-ask interval the regime allows, in days.</summary>
    public static int MinimumReAskDays(ConsentRegime regime) =>
        regime == ConsentRegime.OptOut ? MinOptOutReAskDays : MinOptInReAskDays;

    private static bool RegimeDefault(SiteDefinition site) => site.Regime == ConsentRegime.OptOut;

    private static DecisionReason? GrantProblem(SiteDefinition site, string categoryId, ConsentState state, DateTimeOffset now)
    {
        if (state.ExpiresAt <= now)
        {
            return DecisionReason.Expired;
        }
        foreach (var version in site.PolicyVersions)
        {
            // A version scheduled in the future changes nothing until it takes effect.
            if (version.Version > state.PolicyVersion
                && version.EffectiveFrom <= now
                && version.ChangedCategories.Contains(categoryId))
            {
                return DecisionReason.PolicyChanged;
            }
        }
        return null;
    }
}
