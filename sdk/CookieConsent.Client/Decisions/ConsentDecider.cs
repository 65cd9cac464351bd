using CookieConsent.Contracts;

namespace CookieConsent.Decisions;

/// <summary>
/// The decision rule: one pure function, shared by the server and the SDK so both sides always agree.
/// </summary>
public static class ConsentDecider
{
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

        var missing = StateProblem(site, category.Id, state, now);
        if (missing is { } reason)
        {
            return new(category.Id, site.Regime == ConsentRegime.OptOut, reason);
        }
        return new(category.Id, state!.Choices[category.Id], DecisionReason.VisitorChoice);
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

    /// <summary>Whether the visitor must be asked (again): no usable choice for some optional category.</summary>
    public static bool NeedsChoice(SiteDefinition site, ConsentState? state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.Categories.Any(c => !c.Required && StateProblem(site, c.Id, state, now) is not null);
    }

    private static DecisionReason? StateProblem(SiteDefinition site, string categoryId, ConsentState? state, DateTimeOffset now)
    {
        if (state is null || !state.Choices.ContainsKey(categoryId))
        {
            return DecisionReason.NoConsent;
        }
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
