using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Services;
using CookieConsent.Core.Sites;
using CookieConsent.Pages;
using CookieConsent.Server.HostedPages;
using CookieConsent.Server.Hosting;
using CookieConsent.Server.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.Server.Services;

/// <summary>
/// <c>/optout/{service}</c>: one opt-out for every site of a service, stored against the service-level visitor of
/// the consent server's own cookie. Plain form, POST then 303, no script.
/// </summary>
internal static class OptOutPage
{
    public const string OptOut = "opt-out";
    public const string OptIn = "opt-in";
    public const string DecisionField = "decision";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static IEndpointRouteBuilder MapOptOutPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/optout/{service}").WithTags("Hosted pages")
            .AddEndpointFilter(SecurityHeaders)
            .DisableAntiforgery();
        page.MapGet("", Show).WithName("ServiceOptOut")
            .WithSummary("A service's opt-out page: whether this browser opted out of every site of the service, and the form to change it.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/html");
        page.MapPost("", Submit).WithName("SubmitServiceOptOut")
            .WithSummary("Opt out of every site of the service, or back in (form post with antiforgery); 303 to the page.")
            .Accepts<IFormCollection>("application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status303SeeOther)
            .Produces<string>(StatusCodes.Status400BadRequest, "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/html")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.FormPosts);
        page.MapServiceReceiptDownload();
        return app;
    }

    internal static async Task<IResult> Show(
        string service, HttpContext http, ServiceStore services, SiteStore sites, IAntiforgery antiforgery,
        ILogger<ServiceStore> logger, CancellationToken cancellationToken)
    {
        var strings = StringsFor(http);
        if (!ConsentIds.IsValidSite(service))
        {
            return Error(strings, StatusCodes.Status404NotFound, strings.UnknownService);
        }
        ServiceDefinition? definition;
        ServiceOptOut? optOut = null;
        var knownVisitor = false;
        var names = new List<string>();
        try
        {
            definition = await services.GetAsync(service, cancellationToken);
            if (definition is null)
            {
                return Error(strings, StatusCodes.Status404NotFound, strings.UnknownService);
            }
            if (ServiceVisitorCookie.Read(http.Request) is { } visitor)
            {
                optOut = await services.OptOutOfAsync(service, visitor, cancellationToken);
                knownVisitor = true;
            }
            foreach (var site in definition.Sites)
            {
                names.Add((await sites.GetAsync(site, cancellationToken))?.DisplayName ?? site);
            }
        }
        catch (StoreUnavailableException ex)
        {
            Log.StoreUnavailable(logger, "service opt-out page", ex.Message);
            return Error(strings, StatusCodes.Status503ServiceUnavailable, strings.StoreUnavailable);
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        var gpc = http.Request.Headers["Sec-GPC"] == "1";
        var name = definition.DisplayName;
        var main = new StringBuilder()
            .Append("<h1>").Append(Encoder.Encode(Format(strings.Title, name))).Append("</h1>")
            .Append("<p>").Append(Encoder.Encode(Format(strings.Intro, name))).Append("</p>")
            .Append("<p class=\"cc-status ").Append(optOut is null ? "cc-status--on" : "cc-status--off").Append("\" role=\"status\">")
            .Append(Encoder.Encode(Format(optOut is null ? strings.NotOptedOut : strings.OptedOut, name))).Append("</p>");
        if (gpc)
        {
            main.Append("<p class=\"cc-notice__text\">").Append(Encoder.Encode(strings.GpcHonoured)).Append("</p>");
        }
        main.Append("<h2>").Append(Encoder.Encode(strings.Covers)).Append("</h2><ul>");
        foreach (var site in names)
        {
            main.Append("<li>").Append(Encoder.Encode(site)).Append("</li>");
        }
        main.Append("</ul>")
            .Append("<form class=\"cc-form\" method=\"post\" action=\"").Append(Encoder.Encode(PathOf(http, service))).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(Encoder.Encode(tokens.FormFieldName)).Append("\" value=\"")
            .Append(Encoder.Encode(tokens.RequestToken ?? "")).Append("\">")
            .Append("<div class=\"cc-actions\"><button class=\"cc-button\" type=\"submit\" name=\"").Append(DecisionField).Append("\" value=\"")
            .Append(optOut is null ? OptOut : OptIn).Append("\">")
            .Append(Encoder.Encode(optOut is null ? strings.OptOutButton : strings.OptInButton)).Append("</button></div></form>");
        var consentStrings = BuiltInStrings.For(strings.Locale);
        if (knownVisitor)
        {
            // The visitor's own receipts of this service: every opt-out and opt-back-in made here.
            main.Append("<p class=\"cc-receipt\"><a class=\"cc-link\" href=\"").Append(Encoder.Encode(PathOf(http, service) + ServiceReceiptDownload.HtmlPath))
                .Append("\">").Append(Encoder.Encode(consentStrings.ReceiptPageLink)).Append("</a> · <a class=\"cc-link\" href=\"")
                .Append(Encoder.Encode(PathOf(http, service) + ServiceReceiptDownload.JsonPath)).Append("\">")
                .Append(Encoder.Encode(consentStrings.ReceiptLink)).Append("</a></p>");
        }
        return Html(HostedPageLayout.Render(consentStrings, HostedPageLayout.Title(Format(strings.Title, name), null), name,
            main.ToString(), []));
    }

    internal static async Task<IResult> Submit(
        string service, HttpContext http, ServiceStore services, IAntiforgery antiforgery, IOptions<ServerOptions> options,
        IOptions<RedisStoreOptions> storeOptions, ILogger<ServiceStore> logger, CancellationToken cancellationToken)
    {
        var strings = StringsFor(http);
        if (!ConsentIds.IsValidSite(service))
        {
            return Error(strings, StatusCodes.Status404NotFound, strings.UnknownService);
        }
        string decision;
        try
        {
            if (!http.Request.HasFormContentType)
            {
                return Error(strings, StatusCodes.Status400BadRequest, strings.FormRejected);
            }
            var form = await http.Request.ReadFormAsync(cancellationToken);
            decision = form[DecisionField].ToString();
            if (!await antiforgery.IsRequestValidAsync(http) || decision is not (OptOut or OptIn))
            {
                return Error(strings, StatusCodes.Status400BadRequest, strings.FormRejected);
            }
        }
        catch (InvalidDataException)
        {
            return Error(strings, StatusCodes.Status400BadRequest, strings.FormRejected);
        }
        try
        {
            if (await services.GetAsync(service, cancellationToken) is not { } definition)
            {
                return Error(strings, StatusCodes.Status404NotFound, strings.UnknownService);
            }
            var visitor = ServiceVisitorCookie.Read(http.Request);
            // Each opt-out and opt-back-in is a receipt on the service visitor's chain (source service).
            if (decision == OptOut)
            {
                visitor ??= ConsentIds.NewVisitorId();
                await services.OptOutAsync(service, visitor, definition.Categories, strings.Locale, Pages.Wording.Version, cancellationToken);
                ServiceLog.OptedOut(logger, service);
            }
            else if (visitor is not null)
            {
                await services.OptInAsync(service, visitor, definition.Categories, strings.Locale, Pages.Wording.Version, cancellationToken);
                ServiceLog.OptedIn(logger, service);
            }
            if (visitor is not null)
            {
                // The cookie lives as long as a browser keeps one; the opt-out itself as long as receipts are kept.
                ServiceVisitorCookie.Write(http, visitor, options.Value, TimeSpan.FromDays(400));
            }
        }
        catch (StoreUnavailableException ex)
        {
            Log.StoreUnavailable(logger, "service opt-out write", ex.Message);
            return Error(strings, StatusCodes.Status503ServiceUnavailable, strings.StoreUnavailable);
        }
        http.Response.Headers.Location = PathOf(http, service);
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    internal static ServiceOptOutStrings StringsFor(HttpContext http) =>
        OptOutStrings.For(LocaleNegotiator.Choose(http.Request.Headers[HeaderNames.AcceptLanguage].ToString(), null));

    internal static IResult Error(ServiceOptOutStrings strings, int status, string message)
    {
        var consentStrings = BuiltInStrings.For(strings.Locale);
        var main = "<h1>" + Encoder.Encode(strings.ErrorTitle) + "</h1><p class=\"cc-error\">" + Encoder.Encode(message) + "</p>";
        return Html(HostedPageLayout.Render(consentStrings, strings.ErrorTitle, null, main, []), status);
    }

    private static string PathOf(HttpContext http, string service) =>
        http.Request.PathBase.Add(new PathString("/optout/" + service)).Value!;

    private static string Format(string format, string value) => HostedPageLayout.Format(format, value);

    private static IResult Html(string html, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);

    internal static async ValueTask<object?> SecurityHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = HostedPageEndpoints.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return await next(context);
    }
}
