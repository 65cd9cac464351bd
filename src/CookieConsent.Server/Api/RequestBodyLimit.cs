using CookieConsent.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Api;

/// <summary>Refuses bodies over the configured size with 413 problem details before anything reads them.</summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var max = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.MaxRequestBodyBytes;
            if (context.Request.ContentLength > max)
            {
                await TypedResults.Problem($"The request body is larger than {max} bytes.",
                        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large")
                    .ExecuteAsync(context);
                return;
            }
            // Chunked bodies: Kestrel enforces the same limit while reading and raises a 413 bad request.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = max;
            }
            await next(context);
        });
}
