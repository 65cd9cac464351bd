namespace CookieConsent.Server.Hosting;

/// <summary>
/// <c>/favicon.ico</c>: browsers ask for it on every page, and a 404 there is logged as an error in each visitor's
/// console. The icon is embedded, so it is served the same in every environment.
/// </summary>
internal static class Favicon
{
    private static readonly Lazy<byte[]> Icon = new(() =>
    {
        using var stream = typeof(Favicon).Assembly.GetManifestResourceStream("CookieConsent.Server.favicon.ico")
            ?? throw new InvalidOperationException("favicon.ico is not embedded in CookieConsent.Server.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public static IEndpointRouteBuilder MapFavicon(this IEndpointRouteBuilder app)
    {
        app.MapGet("/favicon.ico", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return TypedResults.Bytes(Icon.Value, "image/x-icon");
        }).ExcludeFromDescription();
        return app;
    }
}
