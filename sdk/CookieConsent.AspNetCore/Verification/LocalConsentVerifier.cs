using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;
using CookieConsent.Client.Tokens;
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
            if (rejection is not (TokenRejection.None or TokenRejection.Expired))
            {
                Log.CookieRejectedLocally(logger, rejection);
                return ValueTask.FromResult(VerifiedConsent.Invalid);
            }
            var now = time.GetUtcNow();
            // An expired cookie still states its refusals; a version 1 cookie from before the site's categories
            // changed states nothing that can be trusted (null): deny like any other unreadable cookie.
            var state = payload!.ToState(policy.Definition);
            if (state is null)
            {
                Log.CookieRejectedLocally(logger, TokenRejection.Invalid);
                return ValueTask.FromResult(VerifiedConsent.Invalid);
            }
            var decisions = ConsentDecider.DecideAll(policy.Definition, state, ConsentSignals.None, now);
            return ValueTask.FromResult(new VerifiedConsent(VerificationOutcome.Valid, payload.Visitor, decisions, payload.ExpiresAt,
                ConsentDecider.NeedsChoice(policy.Definition, state, now)));
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
