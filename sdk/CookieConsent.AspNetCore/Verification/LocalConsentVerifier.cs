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
/// and when it fails every grant is denied.
/// </summary>
internal sealed class LocalConsentVerifier : IConsentVerifier, IDisposable
{
    private readonly IConsentTokenReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger<LocalConsentVerifier> _logger;
    private readonly TimeSpan _cacheDuration;
    private readonly MemoryCache _erasures;

    public LocalConsentVerifier(
        IConsentTokenReader reader, IOptions<CookieConsentOptions> options, TimeProvider time, ILogger<LocalConsentVerifier> logger)
    {
        _reader = reader;
        _time = time;
        _logger = logger;
        _cacheDuration = options.Value.VerificationCacheDuration;
        _erasures = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.VerificationCacheSize });
    }

    public async ValueTask<VerifiedConsent> VerifyAsync(PolicyResponse policy, string cookieValue, CancellationToken cancellationToken)
    {
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
                return VerifiedConsent.Invalid;
            }
            // An expired cookie still states its refusals; a version 1 cookie from before the site's categories
            // changed states nothing that can be trusted (null): deny like any other unreadable cookie.
            var state = payload!.ToState(policy.Definition);
            if (state is null)
            {
                Log.CookieRejectedLocally(_logger, TokenRejection.Invalid);
                return VerifiedConsent.Invalid;
            }
            var unsure = false;
            try
            {
                if (await ErasureAsync(policy.Site, payload.Visitor, cancellationToken).ConfigureAwait(false) is { } erased
                    && payload.IssuedAt < erased.ErasedAt)
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
            return new VerifiedConsent(VerificationOutcome.Valid, payload.Visitor, decisions, payload.ExpiresAt,
                ConsentDecider.NeedsChoice(policy.Definition, state, now));
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

    private async Task<SuppressionRecord?> ErasureAsync(string site, string visitor, CancellationToken cancellationToken)
    {
        var key = site + "/" + visitor;
        var now = _time.GetUtcNow();
        if (_erasures.TryGetValue(key, out Entry? cached) && cached!.Until > now)
        {
            return cached.Erasure;
        }
        var erasure = await _reader.ReadErasureAsync(site, visitor, cancellationToken).ConfigureAwait(false);
        if (_cacheDuration > TimeSpan.Zero)
        {
            // Freshness is checked against our TimeProvider above; the entry's own expiry is a backstop for eviction.
            _erasures.Set(key, new Entry(erasure, now + _cacheDuration),
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _cacheDuration });
        }
        return erasure;
    }

    private sealed record Entry(SuppressionRecord? Erasure, DateTimeOffset Until);
}
