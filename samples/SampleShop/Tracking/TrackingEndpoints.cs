using System.Security.Cryptography;

namespace SampleShop.Tracking;

/// <summary>
/// Stand-ins for a third-party analytics collector and an advertising pixel: each answers a 1×1 GIF and sets a cookie
/// of its category. The pages only reference them inside <c>&lt;if-consent&gt;</c>, and <c>UseCookieConsent()</c>
/// strips their cookies whenever the visitor has not allowed the category.
/// </summary>
internal static class TrackingEndpoints
{
    public const string AnalyticsCookie = "_sa_id";
    public const string MarketingCookie = "ads_id";

    // The smallest transparent GIF.
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/analytics/collect", (HttpContext http) => Collect(http, AnalyticsCookie)).ExcludeFromDescription();
        app.MapGet("/ads/pixel", (HttpContext http) => Collect(http, MarketingCookie)).ExcludeFromDescription();
        return app;
    }

    private static IResult Collect(HttpContext http, string cookie)
    {
        if (!http.Request.Cookies.ContainsKey(cookie))
        {
            http.Response.Cookies.Append(cookie, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(30),
            });
        }
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(Pixel, "image/gif");
    }
}
