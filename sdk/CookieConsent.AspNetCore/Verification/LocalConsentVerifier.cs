using System.Diagnostics.CodeAnalysis;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;
using CookieConsent.Client.Tokens;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// Verifies with the consent server's key ring (through the registered <see cref="IConsentTokenReader"/>) and decides
/// with the shared rule, with no call to the server. A cookie issued before the visitor was erased states only its
/// refusals and those the erasure kept (<see cref="SuppressionRecord.Restrict"/>, the rule the server applies); the
/// erasure lookup is cached per visitor in a bounded cache for at most <see cref="CookieConsentOptions.VerificationCacheDuration"/>,
/// and when it fails every grant is denied. Each cookie's answer is cached as the API verifier's is, so a cookie seen
/// before is not unprotected again: never longer than the erasure lookup it used, never past the moment the rule's
/// answer changes by the clock alone (the grants' expiry, a policy version taking effect, a refusal's re-ask time), and
/// only for the site definition it was decided with. Rejected cookies are cached too; failures are not.
/// </summary>
internal sealed class LocalConsentVerifier : IConsentVerifier, IDisposable
{
    private readonly IConsentTokenReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger<LocalConsentVerifier> _logger;
    private readonly TimeSpan _cacheDuration;
    private readonly MemoryCache _erasures;
    private readonly VerificationCache _answers;

    public LocalConsentVerifier(
        IConsentTokenReader reader, IOptions<CookieConsentOptions> options, TimeProvider time, ILogger<LocalConsentVerifier> logger)
    {
        _reader = reader;
        _time = time;
        _logger = logger;
        _cacheDuration = options.Value.VerificationCacheDuration;
        _erasures = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.VerificationCacheSize });
        _answers = new VerificationCache(options.Value.VerificationCacheSize);
    }

    public bool TryGetCached(PolicyResponse policy, ReadOnlySpan<char> cookieValue, [NotNullWhen(true)] out VerifiedConsent? consent) =>
        _answers.TryGet(cookieValue, _time.GetUtcNow(), policy.Definition, out consent);

    public async ValueTask<VerifiedConsent> VerifyAsync(PolicyResponse policy, string cookieValue, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        if (_answers.TryGet(cookieValue, started, policy.Definition, out var cached))
        {
            return cached;
        }
        try
        {
            var rejection = _reader.TryRead(policy.Site, cookieValue, out var payload);
            if (rejection == TokenRejection.Unavailable)
            {
                Log.KeyRingUnreachable(_logger);
                return VerifiedConsent.Unavailable;
            }
            if (rejection is not (TokenRejection.None or TokenRejection.Expired))
            {
                Log.CookieRejectedLocally(_logger, rejection);
                _answers.Set(cookieValue, VerifiedConsent.Invalid, started + _cacheDuration, started, policy.Definition);
                return VerifiedConsent.Invalid;
            }
            // An expired cookie still states its refusals; a version 1 cookie from before the site's categories
            // changed states nothing that can be trusted (null): deny like any other unreadable cookie.
            var state = payload!.ToState(policy.Definition);
            if (state is null)
            {
                Log.CookieRejectedLocally(_logger, TokenRejection.Invalid);
                _answers.Set(cookieValue, VerifiedConsent.Invalid, started + _cacheDuration, started, policy.Definition);
                return VerifiedConsent.Invalid;
            }
            var unsure = false;
            var until = started + _cacheDuration;
            try
            {
                var (erased, erasureUntil) = await ErasureAsync(policy.Site, payload.Visitor, cancellationToken).ConfigureAwait(false);
                until = erasureUntil < until ? erasureUntil : until;
                if (erased is not null && payload.IssuedAt < erased.ErasedAt)
                {
                    state = erased.Restrict(state);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Whether the visitor was erased cannot be checked: the cookie's refusals stand, no grant.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ErasureUnreadable(_logger, e);
                unsure = true;
            }
            var now = _time.GetUtcNow();
            var decisions = ConsentDecider.DecideAll(policy.Definition, state, ConsentSignals.None, now);
            if (unsure)
            {
                return new VerifiedConsent(VerificationOutcome.Valid, payload.Visitor,
                    [.. decisions.Select(d => d is { Allowed: true, Reason: not DecisionReason.Required }
                        ? d with { Allowed = false, Reason = DecisionReason.Unavailable }
                        : d)],
                    payload.ExpiresAt, NeedsChoice: false);
            }
            var consent = new VerifiedConsent(VerificationOutcome.Valid, payload.Visitor, decisions, payload.ExpiresAt,
                ConsentDecider.NeedsChoice(policy.Definition, state, now));
            // Never past the cookie's own expiry either: from then on it reads as expired.
            var stable = ConsentDecider.StableUntil(policy.Definition, state, now, until);
            _answers.Set(cookieValue, consent, payload.ExpiresAt > now && payload.ExpiresAt < stable ? payload.ExpiresAt : stable, now, policy.Definition);
            return consent;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever went wrong, the request fails closed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.VerificationUnavailable(_logger, e);
            return VerifiedConsent.Unavailable;
        }
    }

    public void Dispose() => _erasures.Dispose();

    // The visitor's erasure record (null: not erased) and until when that answer may be relied on.
    private async Task<(SuppressionRecord? Erasure, DateTimeOffset Until)> ErasureAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var key = site + "/" + visitor;
        var now = _time.GetUtcNow();
        if (_erasures.TryGetValue(key, out Entry? cached) && cached!.Until > now)
        {
            return (cached.Erasure, cached.Until);
        }
        var erasure = await _reader.ReadErasureAsync(site, visitor, cancellationToken).ConfigureAwait(false);
        if (_cacheDuration > TimeSpan.Zero)
        {
            // Freshness is checked against our TimeProvider above; the entry's own expiry is a backstop for eviction.
            _erasures.Set(key, new Entry(erasure, now + _cacheDuration),
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _cacheDuration });
        }
        return (erasure, now + _cacheDuration);
    }

    private sealed record Entry(SuppressionRecord? Erasure, DateTimeOffset Until);
}
