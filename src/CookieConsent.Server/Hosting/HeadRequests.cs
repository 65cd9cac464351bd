namespace CookieConsent.Server.Hosting;

/// <summary>
/// Answers <c>HEAD</c> exactly as <c>GET</c> (status and headers) without a body (RFC 9110 §9.3.2), for every page and
/// <c>GET</c> route, instead of the 405 that routing alone would give.
/// </summary>
internal static class HeadRequests
{
    /// <summary>Must run before <c>UseRouting</c>, so the <c>GET</c> endpoint is the one matched.</summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
                // Kestrel drops a HEAD response's body by itself; this also holds behind any other server.
                context.Response.Body = Stream.Null;
            }
            return next(context);
        });
}
