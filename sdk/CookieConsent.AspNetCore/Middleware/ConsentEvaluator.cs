using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Policy;
using CookieConsent.AspNetCore.Verification;
using CookieConsent.Contracts;
using CookieConsent.Decisions;
using Microsoft.AspNetCore.Http;
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
    private readonly ConsentPolicyCache _policies;
    private readonly IConsentVerifier _verifier;
    private readonly IOptions<CookieConsentOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ConsentEvaluator> _logger;

    public ConsentEvaluator(
        ConsentPolicyCache policies,
        IConsentVerifier verifier,
        IOptions<CookieConsentOptions> options,
        TimeProvider time,
        ILogger<ConsentEvaluator> logger)
    {
        _policies = policies;
        _verifier = verifier;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<ConsentFeature> EvaluateAsync(HttpContext context)
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
        var now = _time.GetUtcNow();
        var cookie = context.Request.Cookies[definition.CookieName];
        IReadOnlyList<CategoryDecision> stored;
        string? visitor = null;
        DateTimeOffset? expiresAt = null;
        bool needsChoice;
        if (string.IsNullOrEmpty(cookie))
        {
            stored = ConsentDecider.DecideAll(definition, null, ConsentSignals.None, now);
            needsChoice = ConsentDecider.NeedsChoice(definition, null, now);
        }
        else
        {
            var verified = await _verifier.VerifyAsync(policy, cookie, aborted).ConfigureAwait(false);
            switch (verified.Outcome)
            {
                case VerificationOutcome.Valid:
                    stored = Align(definition, verified.Decisions!);
                    visitor = verified.Visitor;
                    expiresAt = verified.ExpiresAt;
                    needsChoice = verified.NeedsChoice ?? NeedsChoice(definition, stored);
                    break;
                case VerificationOutcome.Invalid:
                    // A cookie that fails verification is doubt, not "no cookie" (which an opt-out site would allow):
                    // deny, and ask again so that a valid cookie replaces it.
                    stored = ConsentDecider.Unavailable(definition);
                    needsChoice = true;
                    break;
                default:
                    stored = ConsentDecider.Unavailable(definition);
                    // Asking again while the server is unreachable would only lead to a form that cannot be recorded.
                    needsChoice = false;
                    Log.FailedClosed(_logger);
                    break;
            }
        }

        var decisions = ApplySignals(definition, stored, signals, now);
        return new ConsentFeature(site, definition, visitor, signals, decisions, expiresAt, needsChoice);
    }

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

    private static bool NeedsChoice(SiteDefinition definition, IReadOnlyList<CategoryDecision> stored)
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
