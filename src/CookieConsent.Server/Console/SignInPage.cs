using System.Security.Cryptography;
using System.Text;
using CookieConsent.Server.Hosting;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Console;

/// <summary>
/// Sign-in with the admin key and sign-out. A refused key counts against the same per-address limit as a refused
/// Bearer key on the API; the key itself is never echoed, logged or put in a URL.
/// </summary>
internal static class SignInPage
{
    private const string KeyField = "adminKey";

    public static IResult Show(HttpContext http, [AsParameters] ConsoleServices services)
    {
        if (services.Sessions.Read(http) is not null)
        {
            return ConsoleLayout.SeeOther(http, http.Request.PathBase + ConsoleEndpoints.Root + "/sites");
        }
        return Form(new ConsoleRequest(http, services), null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> Submit(
        HttpContext http, [AsParameters] ConsoleServices services, IOptions<ServerOptions> options, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        if (services.AuthFailures.IsLockedOut(http, out var retryAfter))
        {
            return TooMany(request, retryAfter);
        }
        if (await request.ReadValidFormAsync(cancellationToken) is not { } form)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, request.Strings.FormRejected);
        }
        var presented = form[KeyField].ToString();
        var adminKey = options.Value.AdminKey;
        if (adminKey.Length == 0 || !FixedTimeEquals(presented, adminKey))
        {
            if (!services.AuthFailures.TryCountFailure(http, out retryAfter))
            {
                return TooMany(request, retryAfter);
            }
            Log.ConsoleSignInRefused(services.Logger);
            return Form(request, request.Strings.WrongAdminKey, StatusCodes.Status401Unauthorized);
        }
        var session = services.Sessions.SignIn(http);
        Log.ConsoleSignIn(services.Logger, session.Id);
        return ConsoleLayout.SeeOther(http, request.Url("/sites"));
    }

    public static async Task<IResult> SignOut(HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        if (await request.ReadValidFormAsync(cancellationToken) is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, request.Strings.FormRejected);
        }
        services.Sessions.SignOut(http);
        return ConsoleLayout.SeeOther(http, request.Url("/sign-in"));
    }

    private static IResult Form(ConsoleRequest request, string? error, int statusCode)
    {
        var s = request.Strings;
        var html = new ConsoleHtml().Heading(s.SignInTitle).Element("p", s.SignInIntro);
        html.Form(request.Url("/sign-in"), request, "cx-form cx-form--narrow")
            .Input(KeyField, s.AdminKey, "", error is null ? null : [error], type: "password", autocomplete: "current-password")
            .Raw("<div class=\"cc-actions\">").Button(s.SignIn).Raw("</div>").EndForm();
        return ConsoleLayout.Page(request, s.SignInTitle, html.ToString(), statusCode);
    }

    private static IResult TooMany(ConsoleRequest request, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        request.Http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ConsoleLayout.Error(request, StatusCodes.Status429TooManyRequests, ConsoleStrings.Format(request.Strings.TooManyAttempts, seconds));
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
