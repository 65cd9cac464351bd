using CookieConsent.Server.HostedPages;
using CookieConsent.Server.Services;

namespace CookieConsent.Server.Api;

/// <summary>The <c>/v1</c> API: route groups and who may call them.</summary>
internal static class ConsentApi
{
    public static IEndpointRouteBuilder MapConsentApi(this IEndpointRouteBuilder app)
    {
        var site = app.MapGroup("/v1/sites/{site}").RequireValidSiteId()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        site.MapGroup("").WithTags("Policy").ProducesProblem(StatusCodes.Status404NotFound).MapPolicyEndpoints();
        site.MapGroup("").WithTags("Sites (admin key)").RequireAdminKey()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .MapSiteEndpoints()
            .MapReceiptProofEndpoints();
        site.MapGroup("").WithTags("Consent (site key)").RequireSiteKey()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .MapVisitorEndpoints()
            .MapReceiptNoticeEndpoints()
            .MapSyncExchange()
            .MapHostedReference();
        return app;
    }
}
