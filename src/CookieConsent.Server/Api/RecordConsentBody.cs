using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Api;

/// <summary>
/// The body of <c>PUT .../consent</c>, bound before the endpoint's filters as the framework would bind a
/// <see cref="RecordConsentRequest"/>, but by <see cref="BufferedJsonBody"/>. The OpenAPI document takes its schema
/// from the endpoint's <c>Accepts&lt;RecordConsentRequest&gt;</c>.
/// </summary>
internal sealed record RecordConsentBody(RecordConsentRequest Request)
{
    public static async ValueTask<RecordConsentBody?> BindAsync(HttpContext context) =>
        new(await BufferedJsonBody.ReadAsync<RecordConsentRequest>(context, "request"));
}
