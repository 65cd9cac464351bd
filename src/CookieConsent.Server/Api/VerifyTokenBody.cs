using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Api;

/// <summary>
/// The body of <c>tokens/verify</c>, the one hot read with a body, bound before the endpoint's filters as the
/// framework would bind a <see cref="VerifyTokenRequest"/>, but by <see cref="BufferedJsonBody"/>. The OpenAPI
/// document takes its schema from the endpoint's <c>Accepts&lt;VerifyTokenRequest&gt;</c>.
/// </summary>
internal sealed record VerifyTokenBody(VerifyTokenRequest Request)
{
    public static async ValueTask<VerifyTokenBody?> BindAsync(HttpContext context) =>
        new(await BufferedJsonBody.ReadAsync<VerifyTokenRequest>(context, "request"));
}
