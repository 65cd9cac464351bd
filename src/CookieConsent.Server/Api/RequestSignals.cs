using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Api;

/// <summary>Reads <c>DNT</c> and <c>Sec-GPC</c> (sent by the browser, or forwarded by a client site).</summary>
internal static class RequestSignals
{
    public static ConsentSignals From(HttpRequest request) =>
        new(request.Headers["DNT"] == "1", request.Headers["Sec-GPC"] == "1");
}
