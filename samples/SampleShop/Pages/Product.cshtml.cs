using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SampleShop.Catalog;

namespace SampleShop.Pages;

public sealed class ProductModel(ProductCatalog catalog) : PageModel
{
    public Product Product { get; private set; } = null!;

    public IActionResult OnGet(string id)
    {
        if (catalog.Find(id) is not { } product)
        {
            return NotFound();
        }
        Product = product;
        RecentlyViewedCookie.Remember(HttpContext, product);
        return Page();
    }
}
