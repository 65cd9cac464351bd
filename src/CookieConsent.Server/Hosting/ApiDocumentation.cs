using Swashbuckle.AspNetCore.SwaggerGen;

namespace CookieConsent.Server.Hosting;

/// <summary>OpenAPI document and Swagger UI at <c>/swagger</c>.</summary>
internal static class ApiDocumentation
{
    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new()
        {
            Title = "CookieConsent API",
            Version = "v1",
            Description = "Consent for websites without JavaScript. Admin endpoints take the admin key, visitor endpoints " +
                "the site's own key, both as 'Authorization: Bearer <key>'. Errors are RFC 9457 problem details.",
        });
    }

    public static IApplicationBuilder UseApiDocumentation(this IApplicationBuilder app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options => options.SwaggerEndpoint("/swagger/v1/swagger.json", "CookieConsent API v1"));
        return app;
    }
}
