using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace CookieConsent.AspNetCore.Tests.TestSupport;

internal sealed class FakeAntiforgery : IAntiforgery
{
    public int Calls { get; private set; }

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        Calls++;
        return GetTokens(httpContext);
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) =>
        new("token-value", "cookie-token", "__RequestVerificationToken", "RequestVerificationToken");

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => Task.FromResult(true);

    public void SetCookieTokenAndHeader(HttpContext httpContext)
    {
    }

    public Task ValidateRequestAsync(HttpContext httpContext) => Task.CompletedTask;
}
