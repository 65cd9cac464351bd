using System.Security.Cryptography;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using CookieConsent.Client.Tokens;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// Verifies through <c>POST /v1/sites/{site}/tokens/verify</c>, without signals (they belong to the request, not the
/// cookie), and keeps each distinct cookie's answer in a bounded cache for a short time — never beyond the consent's
/// expiry. Rejected cookies are cached too (a replayed forgery costs one call); failures are not.
/// </summary>
internal sealed class ApiConsentVerifier : IConsentVerifier, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly CookieConsentOptions _options;
    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiConsentVerifier> _logger;
    private readonly MemoryCache _cache;

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
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.VerificationCacheSize });
    }

    public async ValueTask<VerifiedConsent> VerifyAsync(PolicyResponse policy, string cookieValue, CancellationToken cancellationToken)
    {
        if (cookieValue.Length is 0 or > ConsentTokenFormat.MaxTokenLength)
        {
            return VerifiedConsent.Invalid;
        }
        // The cache key is a digest: bounded memory per entry, and no cookie value kept around in the clear.
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(cookieValue)));
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out Entry? cached) && cached!.Until > now)
        {
            return cached.Consent;
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
        if (until > now)
        {
            // The entry's own expiry is a backstop for eviction; freshness is checked against our TimeProvider above.
            _cache.Set(key, new Entry(consent, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = until - now });
        }
        return consent;
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Entry(VerifiedConsent Consent, DateTimeOffset Until);
}
