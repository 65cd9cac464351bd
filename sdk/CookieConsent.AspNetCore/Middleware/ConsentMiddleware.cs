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

    public ConsentMiddleware(RequestDelegate next, ConsentEvaluator evaluator, CookieEnforcer enforcer, ServiceSync sync)
    {
        _next = next;
        _evaluator = evaluator;
        _enforcer = enforcer;
        _sync = sync;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var consent = await _evaluator.EvaluateAsync(context).ConfigureAwait(false);
        if (await _sync.RunAsync(context, consent).ConfigureAwait(false))
        {
            // A sync bounce: the 303 is the whole answer.
            return;
        }
        context.Features.Set<IConsentFeature>(consent);
        context.Features.Set<ITrackingConsentFeature>(new TrackingConsentFeature(consent, context));
        if (context.Request.Headers.ContainsKey(ConsentSignalsReader.DoNotTrackHeader))
        {
            context.Response.Headers["Tk"] = ConsentResponseHeaders.TrackingStatus(consent);
        }
        context.Response.OnStarting(static state =>
        {
            var (context, consent, enforcer) = ((HttpContext, ConsentFeature, CookieEnforcer))state;
            enforcer.Enforce(context.Response, consent);
            ConsentResponseHeaders.Apply(context.Response, consent);
            return Task.CompletedTask;
        }, (context, consent, _enforcer));
        await _next(context).ConfigureAwait(false);
    }
}
