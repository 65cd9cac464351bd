using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Tokens;

/// <summary>
/// Reads a consent cookie value without asking the consent server. <c>CookieConsent.Protection</c>'s
/// <c>AddLocalConsentVerification()</c> registers the one implementation, over the consent server's key ring; a site
/// without it verifies through the API.
/// </summary>
public interface IConsentTokenReader
{
    /// <summary>Reads a cookie value protected for <paramref name="site"/>; anything else is rejected. Never throws.</summary>
    /// <param name="site">The site the cookie must have been protected for.</param>
    /// <param name="token">The cookie value.</param>
    /// <param name="payload">The authenticated, unexpired payload when the answer is <see cref="TokenRejection.None"/>.</param>
    TokenRejection TryRead(string site, string? token, out ConsentTokenPayload? payload);

    /// <summary>
    /// What an erasure of <paramref name="visitor"/> left behind (<see cref="SuppressionRecord"/>), or
    /// <see langword="null"/> when the visitor was never erased. A cookie issued before it states only refusals.
    /// </summary>
    /// <exception cref="Exception">The record could not be read: the caller fails closed.</exception>
    Task<SuppressionRecord?> ReadErasureAsync(string site, string visitor, CancellationToken cancellationToken);
}
