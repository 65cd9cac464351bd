using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Tokens;

/// <summary>
/// What a consent cookie carries before it is protected. Choices are keyed by category id, so adding, removing or
/// reordering a site's categories never changes what an existing cookie says about the others.
/// </summary>
/// <param name="Site">Site id.</param>
/// <param name="Visitor">Visitor id.</param>
/// <param name="Choices">The visitor's choice per optional category (required categories are never stored).</param>
/// <param name="PolicyVersion">Policy version the visitor answered.</param>
/// <param name="IssuedAt">When the consent was given (whole seconds).</param>
/// <param name="ExpiresAt">When the grants stop counting (whole seconds); refusals never expire.</param>
/// <param name="Signals">Signals seen when the choice was made.</param>
public sealed record ConsentTokenPayload(
    string Site,
    string Visitor,
    IReadOnlyList<TokenChoice> Choices,
    int PolicyVersion,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    ConsentSignals Signals)
{
    /// <summary>The most categories a token can describe.</summary>
    public const int MaxCategories = 64;

    /// <summary>
    /// Set only for a version 1 cookie: its choices were one bit per category in the site's order at the time,
    /// tied to that order by a fingerprint of the category ids. <see cref="Choices"/> is empty then.
    /// </summary>
    public LegacyChoices? Legacy { get; init; }

    /// <summary>Builds the payload for a stored consent: one entry per optional category of the site that has a choice.</summary>
    public static ConsentTokenPayload From(string site, string visitor, SiteDefinition definition, ConsentState state)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        if (definition.Categories.Count > MaxCategories)
        {
            throw new ArgumentException($"A site has at most {MaxCategories} categories.", nameof(definition));
        }
        var choices = new List<TokenChoice>(definition.Categories.Count);
        foreach (var category in definition.Categories)
        {
            if (category.Required || !state.Choices.TryGetValue(category.Id, out var allowed))
            {
                continue;
            }
            var refusal = allowed ? null : state.RefusalOf(category.Id);
            choices.Add(new TokenChoice(category.Id, allowed,
                refusal is null || refusal.Since == state.GivenAt ? null : refusal.Since,
                refusal?.Source == ConsentSource.Signal, refusal?.Source == ConsentSource.Service));
        }
        return new(site, visitor, choices, state.PolicyVersion, state.GivenAt, state.ExpiresAt, state.Signals);
    }

    /// <summary>
    /// The consent this token states for <paramref name="definition"/>: every choice whose category the site still
    /// has. <see langword="null"/> only for a version 1 cookie issued before the site's categories changed: its bits
    /// can no longer be matched to categories, so nothing about the visitor can be established (deny, ask again).
    /// </summary>
    public ConsentState? ToState(SiteDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Legacy is { } legacy)
        {
            return legacy.ToState(this, definition);
        }
        var known = definition.Categories.Where(c => !c.Required).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var choices = new Dictionary<string, bool>(Choices.Count, StringComparer.Ordinal);
        var refusals = new Dictionary<string, CategoryRefusal>(StringComparer.Ordinal);
        foreach (var choice in Choices)
        {
            if (!known.Contains(choice.Category))
            {
                continue;
            }
            choices[choice.Category] = choice.Allowed;
            if (!choice.Allowed)
            {
                refusals[choice.Category] = new CategoryRefusal(choice.RefusedSince ?? IssuedAt,
                    choice.RefusedBySignal ? ConsentSource.Signal : choice.RefusedByService ? ConsentSource.Service : ConsentSource.Api);
            }
        }
        return new ConsentState(choices, PolicyVersion, IssuedAt, ExpiresAt, Signals, ConsentSource.Api, ReceiptId: "", refusals);
    }

    /// <summary>Whether the token holds a refusal (it then stays meaningful after <see cref="ExpiresAt"/>).</summary>
    public bool HasRefusal => Legacy is { } legacy ? legacy.HasRefusal : Choices.Any(c => !c.Allowed);

    /// <inheritdoc />
    public bool Equals(ConsentTokenPayload? other) =>
        other is not null
        && Site == other.Site && Visitor == other.Visitor && PolicyVersion == other.PolicyVersion
        && IssuedAt == other.IssuedAt && ExpiresAt == other.ExpiresAt && Signals == other.Signals
        && Legacy == other.Legacy && Choices.SequenceEqual(other.Choices);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Site, Visitor, PolicyVersion, IssuedAt, ExpiresAt, Signals, Choices.Count);
}

/// <summary>One choice in a consent token.</summary>
/// <param name="Category">Category id.</param>
/// <param name="Allowed">Granted (true) or refused (false).</param>
/// <param name="RefusedSince">When a refusal was given, when not at the token's issue time (whole seconds).</param>
/// <param name="RefusedBySignal">The refusal is a recorded Global Privacy Control signal.</param>
/// <param name="RefusedByService">The refusal is the visitor's opt-out of the site's service.</param>
public readonly record struct TokenChoice(
    string Category, bool Allowed, DateTimeOffset? RefusedSince = null, bool RefusedBySignal = false, bool RefusedByService = false);

/// <summary>The choices of a version 1 cookie: one bit per site category in order, and the order's fingerprint.</summary>
/// <param name="CategoryFingerprint">Fingerprint of the site's category ids when the token was issued.</param>
/// <param name="AllowedBits">Bit i set: the site's i-th category was allowed.</param>
public sealed record LegacyChoices(uint CategoryFingerprint, ulong AllowedBits)
{
    /// <summary>Whether some bit of an optional category is clear. Without the site, any clear bit of the 64 counts.</summary>
    internal bool HasRefusal => AllowedBits != ulong.MaxValue;

    internal ConsentState? ToState(ConsentTokenPayload payload, SiteDefinition definition)
    {
        if (Fingerprint(definition) != CategoryFingerprint)
        {
            return null;
        }
        var choices = new Dictionary<string, bool>(definition.Categories.Count, StringComparer.Ordinal);
        for (var i = 0; i < definition.Categories.Count; i++)
        {
            if (!definition.Categories[i].Required)
            {
                choices[definition.Categories[i].Id] = (AllowedBits & (1UL << i)) != 0;
            }
        }
        return new ConsentState(choices, payload.PolicyVersion, payload.IssuedAt, payload.ExpiresAt, payload.Signals,
            ConsentSource.Api, ReceiptId: "");
    }

    /// <summary>FNV-1a over the category ids in order: changes when a category is added, removed or moved.</summary>
    public static uint Fingerprint(SiteDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var hash = 2166136261u;
        foreach (var category in definition.Categories)
        {
            foreach (var c in category.Id)
            {
                hash = (hash ^ c) * 16777619u;
            }
            hash = (hash ^ ',') * 16777619u;
        }
        return hash;
    }

    /// <summary>The bits a version 1 cookie would carry for <paramref name="state"/> (required categories set).</summary>
    public static ulong BitsFor(SiteDefinition definition, ConsentState state)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ulong bits = 0;
        for (var i = 0; i < definition.Categories.Count && i < ConsentTokenPayload.MaxCategories; i++)
        {
            var category = definition.Categories[i];
            if (category.Required || state.Choices.GetValueOrDefault(category.Id))
            {
                bits |= 1UL << i;
            }
        }
        return bits;
    }
}
