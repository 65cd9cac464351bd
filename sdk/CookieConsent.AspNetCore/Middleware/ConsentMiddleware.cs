using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>
/// Sets <see cref="IConsentFeature"/> and <see cref="ITrackingConsentFeature"/> on every request, answers <c>DNT</c>
/// with <c>Tk</c>, and — when the response starts — removes unconsented <c>Set-Cookie</c> headers and marks
/// consent-dependent responses private.
/// </summary>
internal sealed class ConsentMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ConsentEvaluator _evaluator;
    private readonly CookieEnforcer _enforcer;
    private readonly ServiceSync _sync;
    // One delegate for every request; its state is the request's consent feature (which holds its context).
    private readonly Func<object, Task> _onStarting;

    public ConsentMiddleware(RequestDelegate next, ConsentEvaluator evaluator, CookieEnforcer enforcer, ServiceSync sync)
    {
        _next = next;
        _evaluator = evaluator;
        _enforcer = enforcer;
        _sync = sync;
        _onStarting = OnStarting;
    }

    // Not async: a request whose consent is cached completes each step synchronously, and goes straight to the next
    // middleware without a state machine of its own.
    public Task InvokeAsync(HttpContext context)
    {
        var evaluation = _evaluator.EvaluateAsync(context);
        if (!evaluation.IsCompletedSuccessfully)
        {
            return AfterEvaluationAsync(context, evaluation);
        }
        var consent = evaluation.Result;
        var bounce = _sync.RunAsync(context, consent);
        if (!bounce.IsCompletedSuccessfully)
        {
            return AfterSyncAsync(context, consent, bounce);
        }
        // A sync bounce: the 303 is the whole answer.
        return bounce.Result ? Task.CompletedTask : Continue(context, consent);
    }

    private async Task AfterEvaluationAsync(HttpContext context, ValueTask<ConsentFeature> evaluation)
    {
        var consent = await evaluation.ConfigureAwait(false);
        await AfterSyncAsync(context, consent, _sync.RunAsync(context, consent)).ConfigureAwait(false);
    }

    private async Task AfterSyncAsync(HttpContext context, ConsentFeature consent, Task<bool> bounce)
    {
        if (!await bounce.ConfigureAwait(false))
        {
            await Continue(context, consent).ConfigureAwait(false);
        }
    }

    private Task Continue(HttpContext context, ConsentFeature consent)
    {
        var features = context.Features;
        features.Set<IConsentFeature>(consent);
        features.Set<ITrackingConsentFeature>(consent);
        if (context.Request.Headers.ContainsKey(ConsentSignalsReader.DoNotTrackHeader))
        {
            context.Response.Headers["Tk"] = ConsentResponseHeaders.TrackingStatus(consent);
        }
        context.Response.OnStarting(_onStarting, consent);
        return _next(context);
    }

    private Task OnStarting(object state)
    {
        var consent = (ConsentFeature)state;
        var response = consent.Context!.Response;
        _enforcer.Enforce(response, consent);
        ConsentResponseHeaders.Apply(response, consent);
        return Task.CompletedTask;
    }
}
