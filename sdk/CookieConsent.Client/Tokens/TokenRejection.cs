namespace CookieConsent.Client.Tokens;

/// <summary>Why a consent cookie value was refused.</summary>
public enum TokenRejection
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Not a token at all, tampered with, truncated, or protected for another site or purpose.</summary>
    Invalid,

    /// <summary>
    /// Authentic, but past its expiry: its grants have lapsed, its refusals still stand. The payload is returned
    /// so that the decision rule can tell them apart.
    /// </summary>
    Expired,

    /// <summary>Could not be checked: the key ring was unreachable. Fail closed, but do not call the cookie invalid.</summary>
    Unavailable,
}
