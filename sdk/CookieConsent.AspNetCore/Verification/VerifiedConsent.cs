using CookieConsent.Contracts;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// What a consent cookie establishes, before the current request's signals are applied: the visitor and one
/// decision per category decided WITHOUT signals.
/// </summary>
internal sealed record VerifiedConsent(
    VerificationOutcome Outcome,
    string? Visitor = null,
    IReadOnlyList<CategoryDecision>? Decisions = null,
    DateTimeOffset? ExpiresAt = null)
{
    public static readonly VerifiedConsent Invalid = new(VerificationOutcome.Invalid);

    public static readonly VerifiedConsent Unavailable = new(VerificationOutcome.Unavailable);
}

/// <summary>How verifying a cookie ended.</summary>
internal enum VerificationOutcome
{
    /// <summary>Authentic, for this site: <see cref="VerifiedConsent.Decisions"/> apply.</summary>
    Valid,

    /// <summary>Forged, tampered, expired, or another site's: no consent.</summary>
    Invalid,

    /// <summary>Could not be established (server down, timeout, key ring unreachable): fail closed.</summary>
    Unavailable,
}
