namespace CookieConsent.Server.Hosting;

/// <summary>Every error leaves as RFC 9457 problem details; no stack trace ever reaches a client.</summary>
internal static class ErrorHandling
{
    public static IApplicationBuilder UseProblemDetailsErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Malformed JSON, oversized chunked bodies and the like are the client's fault, with their own status.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
