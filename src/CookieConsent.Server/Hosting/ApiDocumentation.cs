using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CookieConsent.Server.Hosting;

/// <summary>
/// OpenAPI document and Swagger UI at <c>/swagger</c>. The document passes Redocly's <c>recommended</c> ruleset with no
/// error (checked in CI by tests/CookieConsent.Server.Tests/OpenApiToolTests); the warnings it keeps are deliberate:
/// <list type="bullet">
/// <item><c>operation-2xx-response</c> on the hosted pages' form posts: a plain HTML form is answered 303 See Other
/// (post, then redirect, then get), never 2xx, so a reload cannot post the choice twice (the service opt-out's too);
/// and on the sync bounce <c>GET /sync/{site}</c>, which only ever redirects back to the client site.</item>
/// <item><c>operation-4xx-response</c> on the stylesheet: a fixed embedded file that every request gets (or 304).</item>
/// </list>
/// </summary>
internal static class ApiDocumentation
{
    /// <summary>Security scheme of the admin API.</summary>
    public const string AdminKeyScheme = "adminKey";

    /// <summary>Security scheme of a site's own API key.</summary>
    public const string SiteKeyScheme = "siteKey";

    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "CookieConsent API",
            Version = "v1",
            Description = "Consent for websites without JavaScript. Admin endpoints take the admin key, visitor endpoints " +
                "the site's own key, both as 'Authorization: Bearer <key>'. Errors are RFC 9457 problem details. " +
                "Request bodies are strict: a repeated member or one not in the schema is a 400 naming it.",
            License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/license/mit") },
        });
        options.AddSecurityDefinition(AdminKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The server's admin key (CookieConsent:AdminKey): creates and configures sites and their keys.",
        });
        options.AddSecurityDefinition(SiteKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "cck.{site}.{keyId}.{secret}",
            Description = "A key of the site in the path, from POST /v1/sites/{site}/keys: reads and writes its visitors' consent.",
        });
        options.OperationFilter<ApiOperationConventions>();
        options.DocumentFilter<ApiTagDescriptions>();
    }

    public static IApplicationBuilder UseApiDocumentation(this IApplicationBuilder app) =>
        // Only requests under /swagger go through the document's middleware: the UI matches every path it sees against a
        // regular expression, which every consent check would otherwise pay for.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase), docs =>
        {
            // The server that serves the document is the one it describes, whatever host or path base it is reached at.
            docs.UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
                document.Servers = [new OpenApiServer
                {
                    Url = $"{request.Scheme}://{request.Host.Value}{request.PathBase}",
                    Description = "This consent server",
                }]));
            docs.UseSwaggerUI(options => options.SwaggerEndpoint("/swagger/v1/swagger.json", "CookieConsent API v1"));
        });
}
