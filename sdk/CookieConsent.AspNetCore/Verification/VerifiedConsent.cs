using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// What a consent cookie establishes, before the current request's signals are applied: the visitor and one
/// decision per category decided WITHOUT signals, and whether the visitor should be asked (again) — <see langword="null"/>
/// when the answer did not say (an older server).
/// </summary>
internal sealed record VerifiedConsent(
    VerificationOutcome Outcome,
    string? Visitor = null,
    IReadOnlyList<CategoryDecision>? Decisions = null,
    DateTimeOffset? ExpiresAt = null,
    bool? NeedsChoice = null)
{
    public static readonly VerifiedConsent Invalid = new(VerificationOutcome.Invalid);

    public static readonly VerifiedConsent Unavailable = new(VerificationOutcome.Unavailable);

    /// <summary>
    /// What the middleware derived from a valid answer, kept with it so that a cached answer is derived once
    /// (set on an answer for one cookie value only).
    /// </summary>
    internal Middleware.CookieDecisions? Derived { get; set; }
}

/// <summary>How verifying a cookie ended.</summary>
internal enum VerificationOutcome
{
    /// <summary>Authentic, for this site: <see cref="VerifiedConsent.Decisions"/> apply.</summary>
    Valid,

    /// <summary>
    /// Forged, tampered, undecryptable (a lost key ring), another site's, or too old to read: nothing about the visitor
    /// can be established, so every optional category is denied (never "no cookie", which an opt-out site allows).
    /// </summary>
    Invalid,

    /// <summary>Could not be established (server down, timeout, key ring unreachable): fail closed.</summary>
    Unavailable,
}
