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

    /// <summary>
    /// The request's consent. Completes synchronously when the policy is at hand and the cookie's answer is cached (or
    /// there is no cookie) and no signal has to be recorded: the common request waits for nothing.
    /// </summary>
    public ValueTask<ConsentFeature> EvaluateAsync(HttpContext context)
    {
        var pending = _policies.GetAsync(CancellationToken.None);
        if (pending.IsCompletedSuccessfully && pending.Result is { } policy)
        {
            var request = context.Request;
            // A cookie seen before is answered from the verifier's cache straight out of the Cookie header; only a new
            // one (or one written unusually) is read through Request.Cookies and verified.
            var verified = CachedAnswer(request, policy, out var cookie, out var at);
            if (verified is not null || string.IsNullOrEmpty(cookie))
            {
                var signals = ConsentSignalsReader.Read(request.Headers);
                var established = Establish(context, policy.Definition, verified, cookie, at);
                if (!MustRecordSignal(policy.Definition, signals, established))
                {
                    return new ValueTask<ConsentFeature>(Finish(context, policy.Definition, signals, established));
                }
            }
        }
        return EvaluateSlowAsync(context);
    }

    private async ValueTask<ConsentFeature> EvaluateSlowAsync(HttpContext context)
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
            return new ConsentFeature(site, null, null, signals, [], null, needsChoice: false, context);
        }

        var definition = policy.Definition;
        var verified = CachedAnswer(context.Request, policy, out var cookie, out var cookieHeader);
        if (verified is null && !string.IsNullOrEmpty(cookie))
        {
            verified = await _verifier.VerifyAsync(policy, cookie, aborted).ConfigureAwait(false);
        }
        var established = Establish(context, definition, verified, cookie, cookieHeader);
        if (MustRecordSignal(definition, signals, established))
        {
            // The signal is an opt-out request for this browser: record it, so it outlives the request (a worker asking
            // later without signals hears "no" too), and hand the browser a cookie that carries it.
            if (await RecordSignalAsync(context, site, established.Visitor, signals).ConfigureAwait(false) is { } recorded)
            {
                var stored = Align(definition, recorded.Decisions.Categories);
                established = new Established(established.Shared, stored, recorded.Decisions.Visitor, recorded.State.ExpiresAt,
                    recorded.Decisions.NeedsChoice ?? NeedsChoice(definition, stored), Unavailable: false, FromCookie: null);
            }
        }
        return Finish(context, definition, signals, established);
    }

    // What the cookie establishes before the request's signals; verified is null when there is no cookie.
    private Established Establish(HttpContext context, SiteDefinition definition, VerifiedConsent? verified, string? cookie, ConsentCookieHeader at)
    {
        var shared = _site;
        if (shared is null || !ReferenceEquals(shared.Definition, definition))
        {
            _site = shared = new SiteDecisions(definition, _time.GetUtcNow());
        }
        if (verified is null)
        {
            return new Established(shared, shared.NoCookie, null, null, shared.NoCookieNeedsChoice, Unavailable: false, FromCookie: null);
        }
        switch (verified.Outcome)
        {
            case VerificationOutcome.Valid:
                var fromCookie = verified.Derived is { } derived && ReferenceEquals(derived.Definition, definition)
                    ? derived
                    : verified.Derived = new CookieDecisions(definition, verified,
                        cookie ?? at.Of(context.Request.Headers.Cookie).ToString(), _options.Value.Secure);
                return new Established(shared, fromCookie.Decisions, verified.Visitor, verified.ExpiresAt, fromCookie.NeedsChoice,
                    Unavailable: false, fromCookie);
            case VerificationOutcome.Invalid:
                // A cookie that fails verification is doubt, not "no cookie" (which an opt-out site would allow):
                // deny, and ask again so that a valid cookie replaces it.
                return new Established(shared, shared.Unavailable, null, null, NeedsChoice: true, Unavailable: false, FromCookie: null);
            default:
                // Asking again while the server is unreachable would only lead to a form that cannot be recorded.
                Log.FailedClosed(_logger);
                return new Established(shared, shared.Unavailable, null, null, NeedsChoice: false, Unavailable: true, FromCookie: null);
        }
    }

    private static bool MustRecordSignal(SiteDefinition definition, ConsentSignals signals, in Established established) =>
        signals.GlobalPrivacyControl && definition.HonorGlobalPrivacyControl && !established.Unavailable
        && SignalNotRecorded(definition, established.Stored);

    private ConsentFeature Finish(HttpContext context, SiteDefinition definition, ConsentSignals signals, in Established established)
    {
        // A refusal never lapses: its cookie is renewed on page loads, once per verified answer (CookieDecisions.ClaimRenewal).
        if (established.FromCookie is { HoldsRefusal: true } fromCookie && fromCookie.RenewalDue && IsNavigation(context.Request)
            && fromCookie.ClaimRenewal())
        {
            fromCookie.Renew(context);
        }
        var decisions = established.Shared.Apply(established.Stored, signals);
        return new ConsentFeature(_options.Value.SiteId!, definition, established.Visitor, signals, decisions, established.ExpiresAt,
            established.NeedsChoice, context);
    }

    private readonly record struct Established(
        SiteDecisions Shared,
        IReadOnlyList<CategoryDecision> Stored,
        string? Visitor,
        DateTimeOffset? ExpiresAt,
        bool NeedsChoice,
        bool Unavailable,
        CookieDecisions? FromCookie);

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
