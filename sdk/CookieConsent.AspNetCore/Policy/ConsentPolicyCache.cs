using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Policy;

/// <summary>
/// The site's policy from <c>GET /v1/sites/{site}/policy</c>, fetched once per <see cref="CookieConsentOptions.PolicyCacheDuration"/>
/// by one caller while the others keep using the previous copy. When a refresh fails the previous copy stays in use
/// (the policy is public and changes rarely) and the next attempt waits a few seconds, so a down server is not hammered.
/// With no copy at all the answer is <see langword="null"/> and the caller fails closed.
/// </summary>
internal sealed class ConsentPolicyCache
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly IServiceProvider _services;
    private readonly IOptions<CookieConsentOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ConsentPolicyCache> _logger;
    private readonly object _gate = new();
    private PolicyResponse? _policy;
    // _policy as a completed task, made once per fetch rather than once per request.
    private Task<PolicyResponse?> _current = Task.FromResult<PolicyResponse?>(null);
    private DateTimeOffset _refreshAt = DateTimeOffset.MinValue;
    private Task<PolicyResponse?>? _refreshing;

    public ConsentPolicyCache(
        IServiceProvider services, IOptions<CookieConsentOptions> options, TimeProvider time, ILogger<ConsentPolicyCache> logger)
    {
        _services = services;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The policy, or <see langword="null"/> when it has never been fetched successfully.</summary>
    public Task<PolicyResponse?> GetAsync(CancellationToken cancellationToken)
    {
        Task<PolicyResponse?> refreshing;
        lock (_gate)
        {
            if (_time.GetUtcNow() < _refreshAt)
            {
                return _current;
            }
            _refreshing ??= RefreshAsync();
            refreshing = _refreshing;
            if (_policy is not null)
            {
                // Someone is refreshing: meanwhile the previous copy is good enough.
                return _current;
            }
        }
        // Nothing to fall back on: wait for the first fetch, but never longer than the caller wants to.
        return refreshing.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets the cached policy (the next request fetches it again).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _refreshAt = DateTimeOffset.MinValue;
        }
    }

    private async Task<PolicyResponse?> RefreshAsync()
    {
        await Task.Yield();
        PolicyResponse? fetched = null;
        var site = _options.Value.SiteId!;
        try
        {
            var api = _services.GetRequiredService<ICookieConsentApi>();
            var timeout = _services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value.Timeout;
            var answer = await api.GetPolicyAsync(site, CancellationToken.None).WaitAsync(timeout, _time).ConfigureAwait(false);
            // Well-formed JSON of the wrong shape deserialises with nulls: such a policy must not replace a usable one.
            fetched = answer.Definition?.Categories is null ? throw new JsonException("The policy answer has no site definition.") : answer;
            if (fetched.Site != site)
            {
                Log.PolicyForOtherSite(_logger);
                fetched = null;
            }
        }
#pragma warning disable CA1031 // Any failure means "no fresh policy": keep the old one, fail closed without one.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.PolicyUnavailable(_logger, _policy is not null, e);
        }
        lock (_gate)
        {
            if (fetched is not null)
            {
                _policy = fetched;
                _current = Task.FromResult<PolicyResponse?>(fetched);
                _refreshAt = _time.GetUtcNow() + _options.Value.PolicyCacheDuration;
            }
            else
            {
                _refreshAt = _time.GetUtcNow() + RetryAfterFailure;
            }
            _refreshing = null;
            return _policy;
        }
    }
}
