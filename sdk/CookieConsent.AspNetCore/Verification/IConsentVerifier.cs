using System.Diagnostics.CodeAnalysis;
using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>Turns a consent cookie value into what it establishes. Never throws except for the caller's cancellation.</summary>
internal interface IConsentVerifier
{
    ValueTask<VerifiedConsent> VerifyAsync(PolicyResponse policy, string cookieValue, CancellationToken cancellationToken);

    /// <summary>The answer a recent <see cref="VerifyAsync"/> gave for this cookie value, while it still holds.</summary>
    bool TryGetCached(PolicyResponse policy, ReadOnlySpan<char> cookieValue, [NotNullWhen(true)] out VerifiedConsent? consent);
}
