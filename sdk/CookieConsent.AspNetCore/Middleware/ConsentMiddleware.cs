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
    // One delegate for every request; its state is the request's own tracking feature (which holds context and consent).
    private readonly Func<object, Task> _onStarting;

    public ConsentMiddleware(RequestDelegate next, ConsentEvaluator evaluator, CookieEnforcer enforcer, ServiceSync sync)
    {
        _next = next;
        _evaluator = evaluator;
        _enforcer = enforcer;
        _sync = sync;
        _onStarting = OnStarting;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var consent = await _evaluator.EvaluateAsync(context).ConfigureAwait(false);
        if (await _sync.RunAsync(context, consent).ConfigureAwait(false))
        {
            // A sync bounce: the 303 is the whole answer.
            return;
        }
        var tracking = new TrackingConsentFeature(consent, context);
        context.Features.Set<IConsentFeature>(consent);
        context.Features.Set<ITrackingConsentFeature>(tracking);
        if (context.Request.Headers.ContainsKey(ConsentSignalsReader.DoNotTrackHeader))
        {
            context.Response.Headers["Tk"] = ConsentResponseHeaders.TrackingStatus(consent);
        }
        context.Response.OnStarting(_onStarting, tracking);
        await _next(context).ConfigureAwait(false);
    }

    private Task OnStarting(object state)
    {
        var tracking = (TrackingConsentFeature)state;
        var response = tracking.Context!.Response;
        _enforcer.Enforce(response, tracking.Consent);
        ConsentResponseHeaders.Apply(response, tracking.Consent);
        return Task.CompletedTask;
    }
}
