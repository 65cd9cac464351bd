using CookieConsent.AspNetCore.Endpoints;
using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Policy;
using CookieConsent.AspNetCore.Verification;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>
/// Establishes the request's consent: the site's policy, the consent cookie (verified as configured), and the
/// request's signals on top. Anything that cannot be established fails closed (required allowed, the rest denied);
/// nothing here throws except for the request being aborted.
/// </summary>
internal sealed class ConsentEvaluator
{
    /// <summary>How long a browser keeps a consent cookie that holds a refusal (browsers cap cookies at about 400 days).</summary>
    internal static readonly TimeSpan RefusalCookieLifetime = TimeSpan.FromDays(400);

    private readonly IServiceProvider _services;
    private readonly ConsentPolicyCache _policies;
    private readonly IConsentVerifier _verifier;
    private readonly IOptions<CookieConsentOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ConsentEvaluator> _logger;
    private SiteDecisions? _site;

    public ConsentEvaluator(
        IServiceProvider services,
        ConsentPolicyCache policies,
        IConsentVerifier verifier,
        IOptions<CookieConsentOptions> options,
        TimeProvider time,
        ILogger<ConsentEvaluator> logger)
    {
        _services = services;
        _policies = policies;
        _verifier = verifier;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<ConsentFeature> EvaluateAsync(HttpContext context)
    {
        var site = _options.Value.SiteId!;
        var signals = ConsentSignalsReader.Read(context.Request.Headers);
        var aborted = context.RequestAborted;

        PolicyResponse? policy;
        try
        {
            policy = await _policies.GetAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw;
        }
        if (policy is null)
        {
            // Without the site's categories nothing optional can be allowed, and there is nothing to ask about.
            Log.RequestWithoutPolicy(_logger);
            return new ConsentFeature(site, null, null, signals, [], null, needsChoice: false);
        }

        var definition = policy.Definition;
        var shared = _site;
        if (shared is null || !ReferenceEquals(shared.Definition, definition))
        {
            _site = shared = new SiteDecisions(definition, _time.GetUtcNow());
        }
        // A cookie seen before is answered from the verifier's cache straight out of the Cookie header; only a new one
        // (or one written unusually) is read through Request.Cookies and verified.
        var verified = CachedAnswer(context.Request, policy, out var cookie, out var cookieHeader);
        IReadOnlyList<CategoryDecision> stored;
        string? visitor = null;
        DateTimeOffset? expiresAt = null;
        bool needsChoice;
        var unavailable = false;
        CookieDecisions? fromCookie = null;
        if (verified is null && string.IsNullOrEmpty(cookie))
        {
            stored = shared.NoCookie;
            needsChoice = shared.NoCookieNeedsChoice;
        }
        else
        {
            verified ??= await _verifier.VerifyAsync(policy, cookie!, aborted).ConfigureAwait(false);
            switch (verified.Outcome)
            {
                case VerificationOutcome.Valid:
                    fromCookie = verified.Derived is { } derived && ReferenceEquals(derived.Definition, definition)
                        ? derived
                        : verified.Derived = new CookieDecisions(definition, verified,
                            cookie ?? cookieHeader.Of(context.Request.Headers.Cookie).ToString(), _options.Value.Secure);
                    stored = fromCookie.Decisions;
                    visitor = verified.Visitor;
                    expiresAt = verified.ExpiresAt;
                    needsChoice = fromCookie.NeedsChoice;
                    break;
                case VerificationOutcome.Invalid:
                    // A cookie that fails verification is doubt, not "no cookie" (which an opt-out site would allow):
                    // deny, and ask again so that a valid cookie replaces it.
                    stored = shared.Unavailable;
                    needsChoice = true;
                    break;
                default:
                    stored = shared.Unavailable;
                    // Asking again while the server is unreachable would only lead to a form that cannot be recorded.
                    needsChoice = false;
                    unavailable = true;
                    Log.FailedClosed(_logger);
                    break;
            }
        }

        if (signals.GlobalPrivacyControl && definition.HonorGlobalPrivacyControl && !unavailable && SignalNotRecorded(definition, stored))
        {
            // The signal is an opt-out request for this browser: record it, so it outlives the request (a worker asking
            // later without signals hears "no" too), and hand the browser a cookie that carries it.
            if (await RecordSignalAsync(context, site, visitor, signals).ConfigureAwait(false) is { } recorded)
            {
                stored = Align(definition, recorded.Decisions.Categories);
                visitor = recorded.Decisions.Visitor;
                expiresAt = recorded.State.ExpiresAt;
                needsChoice = recorded.Decisions.NeedsChoice ?? NeedsChoice(definition, stored);
                fromCookie = null;
            }
        }
        else if (fromCookie is { HoldsRefusal: true } && IsNavigation(context.Request))
        {
            // A refusal never lapses: renew its cookie on visits so the browser keeps it.
            fromCookie.Renew(context);
        }

        var decisions = shared.Apply(stored, signals);
        return new ConsentFeature(site, definition, visitor, signals, decisions, expiresAt, needsChoice);
    }

    // The cached answer for the request's consent cookie, when its value could be read from the header in place and
    // was verified before; otherwise null, with the cookie as Request.Cookies reads it.
    private VerifiedConsent? CachedAnswer(HttpRequest request, PolicyResponse policy, out string? cookie, out ConsentCookieHeader at)
    {
        var headers = request.Headers.Cookie;
        if (ConsentCookieHeader.TryFind(headers, policy.Definition.CookieName, out at))
        {
            if (_verifier.TryGetCached(policy, at.Of(headers), out var cached))
            {
                cookie = null;
                return cached;
            }
        }
        cookie = request.Cookies[policy.Definition.CookieName];
        return null;
    }

    private async Task<RecordConsentResponse?> RecordSignalAsync(HttpContext context, string site, string? visitor, ConsentSignals signals)
    {
        var aborted = context.RequestAborted;
        try
        {
            var timeout = _services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value.Timeout;
            var recorded = await _services.GetRequiredService<ICookieConsentApi>()
                .RecordSignalAsync(site, visitor ?? ConsentIds.NewVisitorId(), signals, aborted)
                .WaitAsync(timeout, _time, aborted).ConfigureAwait(false);
            ConsentCookieWriter.SetConsent(context.Response, recorded.Cookie, _options.Value.Secure);
            Log.SignalRecorded(_logger);
            return recorded;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever failed, the signal still denies for this request; it is tried again on the next one.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.SignalRecordFailed(_logger, e);
            return null;
        }
    }

    // Some sale-or-sharing category is not refused yet by the visitor's stored consent.
    private static bool SignalNotRecorded(SiteDefinition definition, IReadOnlyList<CategoryDecision> stored)
    {
        for (var i = 0; i < stored.Count; i++)
        {
            if (definition.Categories[i] is { Required: false, SaleOrSharing: true }
                && stored[i].Reason is not (DecisionReason.VisitorRefusal or DecisionReason.GlobalPrivacyControlRecorded
                    or DecisionReason.ServiceOptOut))
            {
                return true;
            }
        }
        return false;
    }

    internal static bool HoldsRefusal(IReadOnlyList<CategoryDecision> stored)
    {
        for (var i = 0; i < stored.Count; i++)
        {
            if (stored[i].Reason is DecisionReason.VisitorRefusal or DecisionReason.GlobalPrivacyControlRecorded
                or DecisionReason.ServiceOptOut)
            {
                return true;
            }
        }
        return false;
    }

    // Renewing on page loads is enough (and keeps Set-Cookie off images, styles and API calls).
    private static bool IsNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Headers["Sec-Fetch-Mode"] == "navigate"
            || request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The shared rule's steps 1 and 2 (required, then DNT / GPC) for this request, over the cookie's signal-free
    /// decisions: the cookie states what the visitor chose, the request states what the browser says now.
    /// </summary>
    internal static IReadOnlyList<CategoryDecision> ApplySignals(
        SiteDefinition definition, IReadOnlyList<CategoryDecision> stored, ConsentSignals signals, DateTimeOffset now)
    {
        var result = new CategoryDecision[definition.Categories.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var category = definition.Categories[i];
            var byRule = ConsentDecider.Decide(definition, category, null, signals, now);
            result[i] = byRule.Reason is DecisionReason.Required or DecisionReason.DoNotTrack or DecisionReason.GlobalPrivacyControl
                ? byRule
                : stored[i];
        }
        return result;
    }

    // One decision per site category in the site's order; anything the answer did not mention is denied.
    internal static CategoryDecision[] Align(SiteDefinition definition, IReadOnlyList<CategoryDecision> decisions)
    {
        var result = new CategoryDecision[definition.Categories.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var category = definition.Categories[i];
            result[i] = category.Required
                ? new CategoryDecision(category.Id, true, DecisionReason.Required)
                : new CategoryDecision(category.Id, false, DecisionReason.Unavailable);
            foreach (var decision in decisions)
            {
                if (decision.Category == category.Id)
                {
                    result[i] = category.Required ? result[i] : decision;
                    break;
                }
            }
        }
        return result;
    }

    internal static bool NeedsChoice(SiteDefinition definition, IReadOnlyList<CategoryDecision> stored)
    {
        for (var i = 0; i < stored.Count; i++)
        {
            if (!definition.Categories[i].Required
                && stored[i].Reason is DecisionReason.NoConsent or DecisionReason.Expired or DecisionReason.PolicyChanged)
            {
                return true;
            }
        }
        return false;
    }
}
