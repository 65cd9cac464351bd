using CookieConsent.Contracts;
using CookieConsent.Decisions;
using CookieConsent.Tokens;
using Microsoft.Extensions.Logging;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// Verifies with the consent server's key ring (through the registered <see cref="IConsentTokenReader"/>) and decides
/// with the shared rule, with no call to the server.
/// </summary>
internal sealed class LocalConsentVerifier(IConsentTokenReader reader, TimeProvider time, ILogger<LocalConsentVerifier> logger)
    : IConsentVerifier
{
    public ValueTask<VerifiedConsent> VerifyAsync(PolicyResponse policy, string cookieValue, CancellationToken cancellationToken)
    {
        try
        {
            var rejection = reader.TryRead(policy.Site, cookieValue, out var payload);
            if (rejection == TokenRejection.Unavailable)
            {
                Log.KeyRingUnreachable(logger);
                return ValueTask.FromResult(VerifiedConsent.Unavailable);
            }
            if (rejection != TokenRejection.None)
            {
                Log.CookieRejectedLocally(logger, rejection);
                return ValueTask.FromResult(VerifiedConsent.Invalid);
            }
            var now = time.GetUtcNow();
            // A token issued before the site's categories changed states nothing any more: the visitor is asked again.
            var state = payload!.ToState(policy.Definition);
            var decisions = ConsentDecider.DecideAll(policy.Definition, state, ConsentSignals.None, now);
            return ValueTask.FromResult(new VerifiedConsent(VerificationOutcome.Valid, payload.Visitor, decisions, payload.ExpiresAt));
        }
#pragma warning disable CA1031 // Whatever went wrong, the request fails closed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.VerificationUnavailable(logger, e);
            return ValueTask.FromResult(VerifiedConsent.Unavailable);
        }
    }
}
