using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CookieConsent.AspNetCore.Features;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.AspNetCore.Endpoints;

/// <summary>
/// The answer to a consent form post that changed nothing. A browser's form post gets a page in the site's language that
/// says what happened and links back (a visitor must never see raw JSON); an API client that asks for JSON keeps RFC 9457
/// problem details.
/// </summary>
internal static class FormRefusal
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// A browser: <c>Accept</c> names <c>text/html</c>, or it is a form post that does not ask for JSON (a plain
    /// <c>&lt;form&gt;</c> submission sends <c>text/html</c> first, but an empty or <c>*/*</c> Accept is a browser too).
    /// </summary>
    public static bool WantsHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        if (accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || a.MediaType.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        return request.HasFormContentType;
    }

    /// <summary>
    /// Whether the post came without the antiforgery cookie the form's page set: the browser keeps no cookies (or they
    /// were cleared), so "reload and choose again" cannot help.
    /// </summary>
    public static bool LacksAntiforgeryCookie(HttpContext context)
    {
        var name = context.RequestServices.GetService<IOptions<AntiforgeryOptions>>()?.Value.Cookie.Name;
        return name is null || !context.Request.Cookies.ContainsKey(name);
    }

    /// <summary>Answers <paramref name="status"/>: the page with <paramref name="message"/>, or problem details.</summary>
    public static async Task WriteAsync(
        HttpContext context, int status, string title, string detail, Func<ConsentStrings, string> message)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!WantsHtml(context.Request))
        {
            await Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
            return;
        }
        var definition = (context.Features.Get<IConsentFeature>() as ConsentFeature)?.DefinitionValue;
        var strings = BuiltInStrings.For(LocaleNegotiator.Choose(
            context.Request.Headers[HeaderNames.AcceptLanguage].ToString(), definition?.DefaultLocale));
        var siteName = definition?.DisplayName is { Length: > 0 } name ? name : context.Request.Host.Host;
        var back = ReturnUrls.Validate(await ReturnUrlAsync(context), allowedHosts: null, fallback: PathOrRoot(context.Request.PathBase));

        var html = new StringBuilder(1024)
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(Encoder.Encode(strings.Locale)).Append("\">\n<head>\n")
            .Append("<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(Encoder.Encode(strings.ErrorTitle)).Append(" – ").Append(Encoder.Encode(siteName)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"")
            .Append(Encoder.Encode(context.Request.PathBase.Add(new PathString(ConsentStylesheet.Path)).Value!)).Append("\">\n")
            .Append("</head>\n<body class=\"cc-page\">\n<main class=\"cc-page__main\">\n")
            .Append("<h1>").Append(Encoder.Encode(strings.ErrorTitle)).Append("</h1>\n")
            .Append("<p class=\"cc-error\">").Append(Encoder.Encode(message(strings))).Append("</p>\n")
            .Append("<p><a class=\"cc-link\" href=\"").Append(Encoder.Encode(back)).Append("\">")
            .Append(Encoder.Encode(string.Format(System.Globalization.CultureInfo.InvariantCulture, strings.BackToSite, siteName)))
            .Append("</a></p>\n</main>\n</body>\n</html>\n")
            .ToString();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await context.Response.WriteAsync(html, Encoding.UTF8, context.RequestAborted);
    }

    // The form's own return URL when the body can still be read (antiforgery has read and cached it already).
    private static async Task<string?> ReturnUrlAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }
        try
        {
            return (await context.Request.ReadFormAsync(context.RequestAborted))[ConsentFormFields.ReturnUrl].ToString();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string PathOrRoot(PathString pathBase) => pathBase.HasValue ? pathBase.Value + "/" : "/";
}
