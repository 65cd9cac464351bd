using System.Globalization;
using CookieConsent.AspNetCore.Endpoints;
using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Middleware;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Sync;

/// <summary>
/// The client side of the sync bounce. A visitor with no choice on this site, on a top-level GET navigation, gets one
/// 303 to the consent server's <c>/sync/{site}</c> with a signed single-use state; the server sends them back with a
/// single-use code, which is exchanged here, server to server with the site key, for the service-level decision.
/// A small first-party marker cookie says "synced" for the sync lifetime, or "tried" for the retry interval, so a
/// visitor is bounced at most once per lifetime and a failing bounce is not repeated: a loop cannot start.
/// </summary>
internal sealed class ServiceSync(
    IServiceProvider services, SyncState states, IOptions<CookieConsentOptions> options, TimeProvider time, ILogger<ServiceSync> logger)
{
    public const string CodeParameter = "cc_sync";
    public const string StateParameter = "cc_state";

    private const string Pending = "p.";
    private const string Synced = "s";
    private const string Tried = "t";

    // Crawlers follow redirects and would only fill the consent server with codes nobody exchanges.
    private static readonly string[] Crawlers =
        ["bot", "crawl", "spider", "slurp", "facebookexternalhit", "preview", "curl", "wget", "python-requests"];

    /// <summary>The marker cookie's name for a site.</summary>
    public static string MarkerCookie(string site) => "cc_sync_" + site;

    // The configured site's marker name, built once rather than on every request.
    private string? _marker;

    /// <summary>
    /// Runs before the page: completes a sync return (and updates <paramref name="consent"/>), or starts a bounce.
    /// Returns <see langword="true"/> when it answered the request itself (the 303 of a bounce).
    /// </summary>
    public async Task<bool> RunAsync(HttpContext context, ConsentFeature consent)
    {
        var o = options.Value;
        if (consent.DefinitionValue is not { } definition)
        {
            return false;
        }
        var request = context.Request;
        var marker = _marker is { } built && built.AsSpan(8).SequenceEqual(consent.Site) ? built : _marker = MarkerCookie(consent.Site);
        // A return from the sync bounce or from the hosted pages (whether or not this site bounces itself).
        if (HttpMethods.IsGet(request.Method) && request.QueryString.HasValue && request.Query.ContainsKey(StateParameter))
        {
            await CompleteAsync(context, consent, definition, marker).ConfigureAwait(false);
            return false;
        }
        // The cheap, allocation-free checks first: most requests carry a choice and never parse their cookies here.
        if (!o.ServiceSync || !HasNoLocalChoice(definition, consent) || request.Cookies.ContainsKey(marker)
            || RefusesCookies(request) || !IsBounceable(context, o))
        {
            return false;
        }
        var returnUrl = request.GetEncodedUrl();
        // The marker goes first: whatever happens to the bounce, this browser is not bounced again before it expires.
        var state = BeginReturn(context, consent.Site, returnUrl);
        var server = o.ServerUrl!.TrimEnd('/');
        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture,
            $"{server}/sync/{consent.Site}?returnUrl={Uri.EscapeDataString(returnUrl)}&state={Uri.EscapeDataString(state)}");
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        SyncLog.Bounced(logger);
        return true;
    }

    /// <summary>
    /// A signed state for a trip to the consent server that comes back to <paramref name="returnUrl"/>, and the marker
    /// cookie that makes it usable once, in this browser: the sync bounce and the links to the hosted pages use it.
    /// </summary>
    public string BeginReturn(HttpContext context, string site, string returnUrl)
    {
        var nonce = SyncState.NewNonce();
        SetMarker(context, MarkerCookie(site), Pending + nonce, options.Value.ServiceSyncRetryInterval);
        return states.Protect(site, nonce, returnUrl);
    }

    private async Task CompleteAsync(HttpContext context, ConsentFeature consent, SiteDefinition definition, string marker)
    {
        var o = options.Value;
        var request = context.Request;
        var pending = request.Cookies[marker];
        var state = states.Unprotect(consent.Site, request.Query[StateParameter].ToString());
        string? code = request.Query[CodeParameter].ToString();
        // The spent code stays in the address bar: keep it out of other origins' Referer headers all the same. Links to
        // this site's own pages still send one: that is how a browser that refuses cookies is recognised (below).
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        // Whatever the outcome, the pending bounce is spent: a replayed state finds no matching marker.
        var outcome = Tried;
        var lifetime = o.ServiceSyncRetryInterval;
        try
        {
            if (state is not { } s || pending is null || pending != Pending + s.Nonce)
            {
                SyncLog.Refused(logger, state is null ? "forged or stale state" : "state not pending in this browser");
                return;
            }
            if (string.IsNullOrEmpty(code))
            {
                SyncLog.Refused(logger, "the consent server sent no code");
                return;
            }
            var aborted = context.RequestAborted;
            var timeout = services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value.Timeout;
            SyncExchangeResponse answer;
            try
            {
                answer = await services.GetRequiredService<ICookieConsentApi>()
                    .ExchangeSyncCodeAsync(consent.Site, new SyncExchangeRequest(code, s.ReturnUrl, consent.VisitorIdValue ?? ConsentIds.NewVisitorId()), aborted)
                    .WaitAsync(timeout, time, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Whatever failed, the page is served with what applies locally; the bounce is not repeated for a while.
            catch (Exception e)
#pragma warning restore CA1031
            {
                SyncLog.Failed(logger, e);
                return;
            }
            if (answer.Consent is { } recorded)
            {
                ConsentCookieWriter.SetConsent(context.Response, recorded.Cookie, o.Secure);
                consent.Update(recorded.Decisions.Visitor,
                    ConsentEvaluator.ApplySignals(definition, ConsentEvaluator.Align(definition, recorded.Decisions.Categories),
                        consent.SignalsValue, time.GetUtcNow()),
                    recorded.State.ExpiresAt, recorded.Decisions.NeedsChoice ?? true);
                ConsentCookieWriter.ExpireRefused(context, definition, consent.IsAllowedCore);
            }
            outcome = Synced;
            lifetime = TimeSpan.FromDays(Math.Clamp(answer.SyncLifetimeDays, 1, 395));
            SyncLog.Completed(logger, answer.OptedOut, answer.Consent is not null);
        }
        finally
        {
            SetMarker(context, marker, outcome, lifetime);
        }
    }

    // Nothing chosen on this site yet, or only what an earlier sync recorded (so an opt-back-in reaches the site).
    private static bool HasNoLocalChoice(SiteDefinition definition, ConsentFeature consent)
    {
        var decisions = consent.DecisionsValue;
        for (var i = 0; i < decisions.Count && i < definition.Categories.Count; i++)
        {
            if (!definition.Categories[i].Required
                && decisions[i].Reason is not (DecisionReason.NoConsent or DecisionReason.ServiceOptOut or DecisionReason.DoNotTrack
                    or DecisionReason.GlobalPrivacyControl))
            {
                return false;
            }
        }
        return true;
    }

    // Coming from one of this site's own pages without a single cookie: the browser did not keep the marker set on
    // its way here (or anything else), so a bounce now would only be repeated on every page load. A first visit comes
    // from elsewhere, or from nowhere, and is bounced as usual.
    private static bool RefusesCookies(HttpRequest request) =>
        request.Cookies.Count == 0
        && Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
        && string.Equals(referer.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(referer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    // A top-level page load a person asked for: GET, a document navigation when the browser says so, HTML accepted,
    // not the SDK's own endpoints, not a crawler.
    private static bool IsBounceable(HttpContext context, CookieConsentOptions o)
    {
        var request = context.Request;
        var headers = request.Headers;
        if (!HttpMethods.IsGet(request.Method)
            || (headers["Sec-Fetch-Mode"] is { Count: > 0 } mode && mode != "navigate")
            || (headers["Sec-Fetch-Dest"] is { Count: > 0 } dest && dest != "document")
            || headers["Sec-Purpose"].Count > 0 || headers["Purpose"].Count > 0
            || !headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments(o.PathBase)
            || request.Path.StartsWithSegments("/.well-known"))
        {
            return false;
        }
        var agent = headers.UserAgent.ToString();
        if (agent.Length == 0)
        {
            return false;
        }
        foreach (var crawler in Crawlers)
        {
            if (agent.Contains(crawler, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return true;
    }

    private void SetMarker(HttpContext context, string name, string value, TimeSpan lifetime) =>
        context.Response.Cookies.Append(name, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Secure = options.Value.Secure,
            MaxAge = lifetime,
            IsEssential = true,
        });
}
