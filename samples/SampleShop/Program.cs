using SampleShop.Catalog;
using SampleShop.Development;
using SampleShop.Tracking;

var builder = WebApplication.CreateBuilder(args);

// Development only: register this shop at the consent server and get a site key, unless one is configured.
await builder.AddDevelopmentSiteAsync();

builder.Services.AddCookieConsent();
builder.Services.AddRazorPages();
builder.Services.AddSingleton<ProductCatalog>();

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}

// An error without a body (an unknown page, a missing product) gets a page in the layout, banner included.
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.UseStaticFiles();
app.UseCookieConsent();
app.UseRouting();

app.MapCookieConsent();
app.MapTrackingEndpoints();
app.MapRazorPages();

app.Run();
