using System.Globalization;
using CookieConsent.AspNetCore.Endpoints;
using CookieConsent.AspNetCore.Features;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Sync;

/// <summary>
/// <c>GET {PathBase}/hosted/{page}</c>: the way from the site to its hosted pages on the consent server (preferences,
/// Do Not Sell, Limit). It asks the server, with the site key, for a signed reference to this visitor and sends the
/// visitor there with it and a single-use state (303), so the choice made there is recorded for this visitor and comes
/// back as a code this site exchanges — the same return as the sync bounce's.
/// </summary>
internal static class HostedPageLink
{
    /// <summary>The pages a site may link to, by the name in its link.</summary>
    public static readonly IReadOnlyDictionary<string, string> Pages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["preferences"] = "",
        ["do-not-sell"] = "/do-not-sell",
        ["limit"] = "/limit",
    };

    /// <summary>The link for <paramref name="page"/> that comes back to <paramref name="returnPath"/> (a local path).</summary>
    public static string Href(string pathBase, string page, string returnPath) =>
        pathBase.TrimEnd('/') + "/hosted/" + page + QueryString.Create(ConsentFormFields.ReturnUrl, returnPath).Value;

    public static async Task HandleAsync(HttpContext context, string page)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<CookieConsentOptions>>().Value;
        if (!Pages.TryGetValue(page, out var target))
        {
            // A hand-typed or stale link: the visitor gets the site's error page in their language, not a bare 404.
            await FormRefusal.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown hosted page",
                $"There is no such hosted page; the pages are {string.Join(", ", Pages.Keys)}.", s => s.HostedPageUnknown).ConfigureAwait(false);
            return;
        }
        if (options.ServerUrl is null || options.SiteId is null)
        {
            await FormRefusal.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Hosted pages not configured",
                "CookieConsent:ServerUrl and CookieConsent:SiteId must both be set for links to the hosted pages.",
                s => s.HostedPagesUnavailable).ConfigureAwait(false);
            return;
        }
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostedPageLink).FullName!);
        var site = options.SiteId;
        var request = context.Request;
        // Only a local path comes back here: the link cannot be turned into a redirect to anywhere else.
        var local = ReturnUrls.Validate(request.Query[ConsentFormFields.ReturnUrl].ToString(), null, "/");
        if (!local.StartsWith('/'))
        {
            local = "/";
        }
        var returnUrl = string.Concat(request.Scheme, "://", request.Host.ToUriComponent(), request.PathBase.ToUriComponent(), local);
        var visitor = (context.Features.Get<IConsentFeature>() as ConsentFeature)?.VisitorIdValue ?? ConsentIds.NewVisitorId();
        var state = services.GetRequiredService<ServiceSync>().BeginReturn(context, site, returnUrl);

        var query = QueryString.Create(ConsentFormFields.ReturnUrl, returnUrl);
        try
        {
            var timeout = services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value.Timeout;
            var time = services.GetRequiredService<TimeProvider>();
            var reference = await services.GetRequiredService<ICookieConsentApi>()
                .CreateHostedReferenceAsync(site, visitor, new HostedReferenceRequest(returnUrl), context.RequestAborted)
                .WaitAsync(timeout, time, context.RequestAborted).ConfigureAwait(false);
            query = query.Add("cc_ref", reference.Reference).Add(ServiceSync.StateParameter, state);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The hosted page still works without a reference; the choice just stays on the consent server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SyncLog.ReferenceFailed(logger, e);
        }
        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture,
            $"{options.ServerUrl.TrimEnd('/')}/consent/{site}{target}{query}");
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
    }
}
