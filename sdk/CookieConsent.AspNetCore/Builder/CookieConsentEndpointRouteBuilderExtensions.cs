using CookieConsent.AspNetCore;
using CookieConsent.AspNetCore.Endpoints;
using CookieConsent.AspNetCore.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the CookieConsent form endpoints and well-known resources.</summary>
public static class CookieConsentEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {PathBase}/choices</c> (banner and preferences forms; antiforgery required),
    /// <c>POST {PathBase}/notice/hide</c>, <c>GET {PathBase}/hosted/{page}</c> (to the consent server's hosted pages with a
    /// signed visitor reference, so the choice made there comes back), <c>GET {PathBase}/receipt</c> and
    /// <c>GET {PathBase}/receipt.json</c> (the visitor's consent record, HTML and JSON, as the consent server's hosted
    /// download renders it), <c>GET /.well-known/gpc.json</c> and <c>GET /.well-known/dnt/</c>.
    /// </summary>
    /// <returns>The group holding every endpoint, to add conventions (rate limiting, host filters) to.</returns>
    public static RouteGroupBuilder MapCookieConsent(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<CookieConsentOptions>>().Value;

        var group = endpoints.MapGroup("");
        var forms = group.MapGroup(options.PathBase.Value!);
        forms.MapPost("/choices", ChoicesEndpoint.HandleAsync)
            .WithName("CookieConsentChoices")
            .WithDisplayName("CookieConsent: record choices")
            .ExcludeFromDescription();
        forms.MapPost("/notice/hide", ChoicesEndpoint.HideNoticeAsync)
            .WithName("CookieConsentHideNotice")
            .WithDisplayName("CookieConsent: hide confirmation")
            .ExcludeFromDescription();
        forms.MapGet("/hosted/{page}", HostedPageLink.HandleAsync)
            .WithName("CookieConsentHostedPage")
            .WithDisplayName("CookieConsent: go to a hosted page")
            .ExcludeFromDescription();
        forms.MapGet("/receipt", ReceiptEndpoint.HtmlAsync)
            .WithName("CookieConsentReceipt")
            .WithDisplayName("CookieConsent: consent record (HTML)")
            .ExcludeFromDescription();
        forms.MapGet("/receipt.json", ReceiptEndpoint.JsonAsync)
            .WithName("CookieConsentReceiptJson")
            .WithDisplayName("CookieConsent: consent record (JSON)")
            .ExcludeFromDescription();
        group.MapGet(WellKnownEndpoints.GpcPath, WellKnownEndpoints.GpcAsync)
            .WithName("CookieConsentGpc")
            .ExcludeFromDescription();
        group.MapGet(WellKnownEndpoints.DntPath, WellKnownEndpoints.DntAsync)
            .WithName("CookieConsentDntStatus")
            .ExcludeFromDescription();
        return group;
    }
}
