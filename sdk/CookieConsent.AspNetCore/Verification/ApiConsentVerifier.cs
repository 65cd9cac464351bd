using System.Diagnostics.CodeAnalysis;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using CookieConsent.Client.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// Verifies through <c>POST /v1/sites/{site}/tokens/verify</c>, without signals (they belong to the request, not the
/// cookie), and keeps each distinct cookie's answer in a bounded cache for a short time — never beyond the consent's
/// expiry. Rejected cookies are cached too (a replayed forgery costs one call); failures are not.
/// </summary>
internal sealed class ApiConsentVerifier : IConsentVerifier
{
    private readonly IServiceProvider _services;
    private readonly CookieConsentOptions _options;
    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiConsentVerifier> _logger;
    private readonly VerificationCache _cache;

    public ApiConsentVerifier(
        IServiceProvider services,
        IOptions<CookieConsentOptions> options,
        IOptions<CookieConsentClientOptions> clientOptions,
        TimeProvider time,
        ILogger<ApiConsentVerifier> logger)
    {
        _services = services;
        _options = options.Value;
        _callTimeout = clientOptions.Value.Timeout;
        _time = time;
        _logger = logger;
        _cache = new VerificationCache(_options.VerificationCacheSize);
    }

    public async ValueTask<VerifiedConsent> VerifyAsync(PolicyResponse policy, string cookieValue, CancellationToken cancellationToken)
    {
        if (cookieValue.Length is 0 or > ConsentTokenFormat.MaxTokenLength)
        {
            return VerifiedConsent.Invalid;
        }
        var now = _time.GetUtcNow();
        if (_cache.TryGet(cookieValue, now, scope: null, out var cached))
        {
            return cached;
        }

        VerifiedConsent consent;
        try
        {
            var api = _services.GetRequiredService<ICookieConsentApi>();
            var decisions = await api.VerifyTokenAsync(policy.Site, cookieValue, ConsentSignals.None, cancellationToken)
                .WaitAsync(_callTimeout, _time, cancellationToken).ConfigureAwait(false);
            if (decisions.Site != policy.Site || !ConsentIds.IsValidVisitor(decisions.Visitor))
            {
                Log.VerificationMismatch(_logger);
                return VerifiedConsent.Unavailable;
            }
            consent = new VerifiedConsent(VerificationOutcome.Valid, decisions.Visitor, decisions.Categories, decisions.ExpiresAt,
                decisions.NeedsChoice);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ConsentApiException e) when (e.Status is 400 or 422)
        {
            Log.CookieRejected(_logger, e.Status);
            consent = VerifiedConsent.Invalid;
        }
#pragma warning disable CA1031 // Whatever went wrong, the answer is "unavailable" and the request fails closed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.VerificationUnavailable(_logger, e);
            return VerifiedConsent.Unavailable;
        }

        var until = now + _options.VerificationCacheDuration;
        // Never cached past the grants' expiry (an expired cookie that still states refusals is cached normally).
        if (consent.ExpiresAt is { } expires && expires > now && expires < until)
        {
            until = expires;
        }
        _cache.Set(cookieValue, consent, until, now, scope: null);
        return consent;
    }

    public bool TryGetCached(PolicyResponse policy, ReadOnlySpan<char> cookieValue, [NotNullWhen(true)] out VerifiedConsent? consent) =>
        _cache.TryGet(cookieValue, _time.GetUtcNow(), scope: null, out consent);
}
