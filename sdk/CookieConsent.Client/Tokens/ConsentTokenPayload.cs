using CookieConsent.Contracts;

namespace CookieConsent.Tokens;

/// <summary>
/// What a consent cookie carries before it is protected. Choices are one bit per site category,
/// in the site's order, tied to that order by a fingerprint of the category ids.
/// </summary>
/// <param name="Site">Site id.</param>
/// <param name="Visitor">Visitor id.</param>
/// <param name="CategoryFingerprint">Fingerprint of the site's category ids when the token was issued.</param>
/// <param name="AllowedBits">Bit i set: the site's i-th category is allowed.</param>
/// <param name="PolicyVersion">Policy version the visitor answered.</param>
/// <param name="IssuedAt">When the consent was given (whole seconds).</param>
/// <param name="ExpiresAt">When it stops counting (whole seconds).</param>
/// <param name="Signals">Signals seen when the choice was made.</param>
public sealed record ConsentTokenPayload(
    string Site,
    string Visitor,
    uint CategoryFingerprint,
    ulong AllowedBits,
    int PolicyVersion,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    ConsentSignals Signals)
{
    /// <summary>The most categories a token can describe.</summary>
    public const int MaxCategories = 64;

    /// <summary>Builds the payload for a stored consent.</summary>
    public static ConsentTokenPayload From(string site, string visitor, SiteDefinition definition, ConsentState state)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        if (definition.Categories.Count > MaxCategories)
        {
            throw new ArgumentException($"A site has at most {MaxCategories} categories.", nameof(definition));
        }
        ulong bits = 0;
        for (var i = 0; i < definition.Categories.Count; i++)
        {
            var category = definition.Categories[i];
            if (category.Required || state.Choices.GetValueOrDefault(category.Id))
            {
                bits |= 1UL << i;
            }
        }
        return new(site, visitor, Fingerprint(definition), bits, state.PolicyVersion,
            state.GivenAt, state.ExpiresAt, state.Signals);
    }

    /// <summary>
    /// The consent this token states for <paramref name="definition"/>, or <see langword="null"/> when the
    /// site's categories changed since it was issued (the visitor is then asked again).
    /// </summary>
    public ConsentState? ToState(SiteDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Fingerprint(definition) != CategoryFingerprint)
        {
            return null;
        }
        var choices = new Dictionary<string, bool>(definition.Categories.Count);
        for (var i = 0; i < definition.Categories.Count; i++)
        {
            choices[definition.Categories[i].Id] = (AllowedBits & (1UL << i)) != 0;
        }
        return new ConsentState(choices, PolicyVersion, IssuedAt, ExpiresAt, Signals, ConsentSource.Api, ReceiptId: "");
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
}
