using CookieConsent.AspNetCore.Features;
using SampleShop.Catalog;

namespace SampleShop.Pages;

/// <summary>A cookie of the "preferences" category: set and read only with the visitor's consent.</summary>
internal static class RecentlyViewedCookie
{
    public const string Name = "shop_recently_viewed";
    private const string Category = "preferences";

    public static void Remember(HttpContext http, Product product)
    {
        if (http.Features.Get<IConsentFeature>()?.IsAllowed(Category) == true)
        {
            http.Response.Cookies.Append(Name, product.Id, new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(30),
            });
        }
    }

    public static Product? Read(HttpContext http, ProductCatalog catalog) =>
        http.Features.Get<IConsentFeature>()?.IsAllowed(Category) == true ? catalog.Find(http.Request.Cookies[Name]) : null;
}
