using Microsoft.AspNetCore.Mvc.RazorPages;
using SampleShop.Catalog;

namespace SampleShop.Pages;

public sealed class IndexModel(ProductCatalog catalog) : PageModel
{
    public IReadOnlyList<Product> Products => catalog.Products;

    public Product? RecentlyViewed { get; private set; }

    public void OnGet() => RecentlyViewed = RecentlyViewedCookie.Read(HttpContext, catalog);
}
