using System.Net;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Services;
using CookieConsent.Core.Sites;
using CookieConsent.Core.Wording;
using CookieConsent.Client.Decisions;
using CookieConsent.Pages;
using CookieConsent.Protection;
using CookieConsent.Server.Consent;
using CookieConsent.Server.Hosting;
using CookieConsent.Server.RateLimiting;
using CookieConsent.Server.Receipts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.Server.HostedPages;

/// <summary>
/// The consent server's own pages for visitors — preferences, "Do Not Sell or Share", receipt download — rendered
/// with the same markup and stylesheet as the SDK's tag helpers. Plain forms, POST then 303, no script at all.
/// </summary>
internal static class HostedPageEndpoints
{
    /// <summary>No script of any kind, so nothing injected could run either.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'none'";

    private const string HtmlContentType = "text/html; charset=utf-8";

    // Long enough to survive the redirect, short enough not to linger if the page is never shown.
    private static readonly TimeSpan NoticeLifetime = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapHostedPages(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapGet(ConsentStylesheet.Path, Stylesheet).WithName("HostedStylesheet").WithTags("Hosted pages")
            .WithSummary("The stylesheet shared by the hosted pages and the SDK's markup.")
            .Produces<string>(StatusCodes.Status200OK, "text/css")
            .Produces(StatusCodes.Status304NotModified);

        var pages = app.MapGroup("/consent/{site}").WithTags("Hosted pages")
            .AddEndpointFilter(SecurityHeaders)
            // Antiforgery is checked by hand so a failure gets a page in the visitor's language, not a bare 400.
            .DisableAntiforgery();

        pages.MapGet("", ShowPreferences).WithName("HostedPreferences").AsHostedPage()
            .WithSummary("The preferences page: every category, a yes/no choice per optional one; Save, Accept all and Reject all.")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        pages.MapPost("", SubmitPreferences).WithName("SubmitHostedPreferences").AsFormPost()
            .WithSummary("Accept all, reject all or save (form post with antiforgery); 303 to a validated return URL.");
        pages.MapGet("/do-not-sell", ShowDoNotSell).WithName("HostedDoNotSell").AsHostedPage()
            .WithSummary("The \"Do Not Sell or Share My Personal Information\" page.")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        pages.MapPost("/do-not-sell", SubmitDoNotSell).WithName("SubmitHostedDoNotSell").AsFormPost()
            .WithSummary("Refuse every sale-or-sharing category, keep the other choices; 303 to a validated return URL.");
        pages.MapGet("/limit", ShowLimit).WithName("HostedLimit").AsHostedPage()
            .WithSummary("The \"Limit the Use of My Sensitive Personal Information\" page (opt-out sites with a sensitive category).")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        pages.MapPost("/limit", SubmitLimit).WithName("SubmitHostedLimit").AsFormPost()
            .WithSummary("Refuse every sensitive category (limit) or allow them again (limit-undo), keep the other choices; 303 to a validated return URL.");
        pages.MapGet("/receipt", DownloadReceipt).WithName("HostedReceipt").AsHostedPage()
            .WithSummary("The visitor's consent receipt as a JSON download shaped after the Kantara Consent Receipt.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        pages.MapGet("/receipt.html", DownloadReceiptPage).WithName("HostedReceiptPage").AsHostedPage()
            .WithSummary("The visitor's consent receipt as a readable HTML file: each receipt in the words and language it was shown with.")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        pages.MapPost("/notice/hide", HideNotice).WithName("HideHostedNotice").AsFormPost()
            .WithSummary("Hide the confirmation shown after a choice; 303 to a validated return URL.");
        return app;
    }

    // Every hosted page answers an unknown site and an unreachable store with a page of its own.
    private static RouteHandlerBuilder AsHostedPage(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<string>(StatusCodes.Status404NotFound, "text/html")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/html");

    // Every hosted form: urlencoded in, 303 out (or a 400 page), rate limited per client.
    private static RouteHandlerBuilder AsFormPost(this RouteHandlerBuilder endpoint) =>
        endpoint.AsHostedPage()
            .Accepts<IFormCollection>("application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status303SeeOther)
            .Produces<string>(StatusCodes.Status400BadRequest, "text/html")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimits.FormPosts);

    internal static Task<IResult> ShowPreferences(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken) =>
        ShowAsync(site, http, services, (renderer, view) => renderer.RenderPreferences(view),
            s => s.PreferencesTitle, page => page.Links(includePreferences: false), cancellationToken);

    internal static Task<IResult> ShowDoNotSell(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken) =>
        ShowAsync(site, http, services, (renderer, view) => renderer.RenderDoNotSell(view),
            s => s.DoNotSellTitle, page => page.Links(includeDoNotSell: false), cancellationToken);

    internal static Task<IResult> ShowLimit(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken) =>
        ShowAsync(site, http, services, (renderer, view) => renderer.RenderLimit(view),
            s => s.LimitTitle, page => page.Links(includeLimit: false), cancellationToken, offered: SensitiveLimit.Applies);

    // A hosted page: the confirmation of a choice just made (if any), the form, and links to the other pages.
    private static async Task<IResult> ShowAsync(
        string site, HttpContext http, HostedPageServices services, Func<ConsentRenderer, ConsentView, string> form,
        Func<ConsentStrings, string> title, Func<HostedPageRequest, IReadOnlyList<(string Href, string Text)>> links, CancellationToken cancellationToken,
        Func<SiteDefinition, bool>? offered = null)
    {
        var page = await HostedPageRequest.LoadAsync(site, http, services, cancellationToken);
        if (page.Failure is { } failure)
        {
            return failure;
        }
        if (offered is not null && !offered(page.Definition!))
        {
            return page.ErrorPage(StatusCodes.Status404NotFound, page.Strings.LimitNothing);
        }
        await page.RecordSignalAsync(services, cancellationToken);
        var view = page.View(services.Antiforgery, TakeNotice(http, site));
        var renderer = ConsentRenderer.Default;
        var main = renderer.RenderConfirmation(view) + form(renderer, view);
        var s = page.Strings;
        return Html(HostedPageLayout.Render(s, HostedPageLayout.Title(title(s), page.Definition!.DisplayName),
            page.Definition.DisplayName, main, links(page), page.PrivacyStatusHtml(view)));
    }

    internal static async Task<IResult> SubmitPreferences(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken)
    {
        var page = await HostedPageRequest.LoadAsync(site, http, services, cancellationToken);
        if (page.Failure is { } failure)
        {
            return failure;
        }
        if (await ReadValidFormAsync(http, services.Antiforgery, cancellationToken) is not { } form)
        {
            return FormRejected(page, http);
        }
        var definition = page.Definition!;
        var optional = definition.Categories.Where(c => !c.Required).ToList();
        var (choices, notice) = form[ConsentFormFields.Decision].ToString() switch
        {
            ConsentFormFields.AcceptAll => (optional.ToDictionary(c => c.Id, _ => true), ConsentNotice.Accepted),
            ConsentFormFields.RejectAll => (optional.ToDictionary(c => c.Id, _ => false), ConsentNotice.Rejected),
            // An unanswered category counts as refused: nothing is allowed that the visitor did not say yes to.
            ConsentFormFields.Save => (optional.ToDictionary(
                c => c.Id, c => form[ConsentFormFields.CategoryPrefix + c.Id].ToString() == ConsentFormFields.Yes), ConsentNotice.Saved),
            _ => (null, ConsentNotice.None),
        };
        if (choices is null)
        {
            return page.ErrorPage(StatusCodes.Status400BadRequest, page.Strings.FormRejected);
        }
        // Global Privacy Control is an opt-out request: "Accept all" does not override it, only an explicit confirmation.
        // The conflicting categories are recorded refused, and the visitor is told so and offered the confirmation.
        var conflicting = new List<string>();
        var asked = new Dictionary<string, bool>(choices, StringComparer.Ordinal);
        if (page.Signals.GlobalPrivacyControl && definition.HonorGlobalPrivacyControl
            && form[ConsentFormFields.ConfirmOverGlobalPrivacyControl].ToString() != ConsentFormFields.Yes)
        {
            foreach (var category in optional.Where(c => c.SaleOrSharing))
            {
                if (choices[category.Id])
                {
                    conflicting.Add(category.Id);
                }
                choices[category.Id] = false;
            }
        }
        var answer = await RecordAndRedirectAsync(page, http, services, choices, notice, form, cancellationToken,
            handBack: conflicting.Count == 0);
        if (conflicting.Count == 0 || http.Response.Headers.Location.Count == 0)
        {
            return answer;
        }
        http.Response.Headers.Location = default;
        var view = page.View(services.Antiforgery, ConsentNotice.None) with
        {
            ReturnUrl = page.SafeReturnUrl(form[ConsentFormFields.ReturnUrl].ToString()),
        };
        var main = ConsentRenderer.Default.RenderGpcConflict(view, asked, conflicting);
        return Html(HostedPageLayout.Render(page.Strings, HostedPageLayout.Title(page.Strings.GpcConflictTitle, definition.DisplayName),
            definition.DisplayName, main, page.Links()));
    }

    internal static Task<IResult> SubmitDoNotSell(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken) =>
        SubmitRefusalAsync(site, http, services, _ => true, c => c.SaleOrSharing, ConsentFormFields.DoNotSell, undo: null, cancellationToken);

    internal static Task<IResult> SubmitLimit(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken) =>
        SubmitRefusalAsync(site, http, services, SensitiveLimit.Applies, c => c.Sensitive, ConsentFormFields.Limit,
            ConsentFormFields.LimitUndo, cancellationToken);

    /// <summary>
    /// "Do Not Sell" and "Limit": the categories concerned refused (or, undoing a limit, allowed again), every other
    /// category keeping what currently applies to it. Decided like any refusal: durable, never lapsing into "allowed".
    /// </summary>
    private static async Task<IResult> SubmitRefusalAsync(
        string site, HttpContext http, HostedPageServices services, Func<SiteDefinition, bool> offered,
        Func<CategoryDefinition, bool> concerned, string decision, string? undo, CancellationToken cancellationToken)
    {
        var page = await HostedPageRequest.LoadAsync(site, http, services, cancellationToken);
        if (page.Failure is { } failure)
        {
            return failure;
        }
        if (!offered(page.Definition!))
        {
            return page.ErrorPage(StatusCodes.Status404NotFound, page.Strings.LimitNothing);
        }
        if (await ReadValidFormAsync(http, services.Antiforgery, cancellationToken) is not { } form
            || (form[ConsentFormFields.Decision].ToString() is var posted && posted != decision && (undo is null || posted != undo)))
        {
            return FormRejected(page, http);
        }
        var definition = page.Definition!;
        var now = services.Time.GetUtcNow();
        var undoing = posted == undo;
        // Every other category keeps what currently applies to it (without this request's signals, so a DNT header does
        // not silently become a stored refusal). Lifting a limit never allows sale or sharing: that is "Do Not Sell".
        var choices = definition.Categories.Where(c => !c.Required).ToDictionary(
            c => c.Id,
            c =>
            {
                var current = ConsentDecider.Decide(definition, c, page.State, ConsentSignals.None, now).Allowed;
                return !concerned(c) ? current : undoing && (!c.SaleOrSharing || current);
            });
        // Lifting a limit is recorded as the limit control too: it is the same control, set the other way.
        var control = decision == ConsentFormFields.DoNotSell ? ConsentControl.DoNotSell : ConsentControl.Limit;
        return await RecordAndRedirectAsync(page, http, services, choices, ConsentNotice.Saved, form, cancellationToken, control);
    }

    internal static Task<IResult> DownloadReceipt(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken) =>
        DownloadReceiptAsync(site, http, services, html: false, cancellationToken);

    internal static Task<IResult> DownloadReceiptPage(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken) =>
        DownloadReceiptAsync(site, http, services, html: true, cancellationToken);

    // The same document as the SDK's download (ConsentReceiptDocument / ConsentReceiptPage in CookieConsent.Pages).
    private static async Task<IResult> DownloadReceiptAsync(
        string site, HttpContext http, HostedPageServices services, bool html, CancellationToken cancellationToken)
    {
        var page = await HostedPageRequest.LoadAsync(site, http, services, cancellationToken);
        if (page.Failure is { } failure)
        {
            return failure;
        }
        if (page.Visitor is null)
        {
            return page.ErrorPage(StatusCodes.Status404NotFound, page.Strings.NoReceipt);
        }
        IReadOnlyList<ConsentReceipt> receipts;
        try
        {
            receipts = await services.Consents.ReceiptsAsync(site, page.Visitor, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            Log.StoreUnavailable(services.Logger, "receipt download", ex.Message);
            return page.ErrorPage(StatusCodes.Status503ServiceUnavailable, page.Strings.StoreUnavailable);
        }
        if (receipts.All(r => r.Event == ConsentEvent.Erased))
        {
            return page.ErrorPage(StatusCodes.Status404NotFound, page.Strings.NoReceipt);
        }
        Func<ConsentReceipt, ReceiptShown> shown;
        try
        {
            shown = (await NamedNotices.LoadAsync(site, receipts, services.Sites, services.Wordings, cancellationToken)).Lookup();
        }
        catch (StoreUnavailableException ex)
        {
            Log.StoreUnavailable(services.Logger, "receipt download", ex.Message);
            return page.ErrorPage(StatusCodes.Status503ServiceUnavailable, page.Strings.StoreUnavailable);
        }
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"consent-receipt-{site}.{(html ? "html" : "json")}",
        }.ToString();
        if (html)
        {
            // The file carries the stylesheet inline (it is kept and opened from disk); its policy allows exactly that.
            http.Response.Headers.ContentSecurityPolicy = ConsentReceiptPage.ContentSecurityPolicy;
            return TypedResults.Text(ConsentReceiptPage.Render(page.Definition!, receipts, shown, page.Strings.Locale), HtmlContentType);
        }
        return TypedResults.Bytes(ConsentReceiptDocument.Write(site, page.Definition!, receipts, shown), "application/json; charset=utf-8");
    }

    internal static async Task<IResult> HideNotice(
        string site, HttpContext http, [AsParameters] HostedPageServices services, CancellationToken cancellationToken)
    {
        var page = await HostedPageRequest.LoadAsync(site, http, services, cancellationToken);
        if (page.Failure is { } failure)
        {
            return failure;
        }
        if (await ReadValidFormAsync(http, services.Antiforgery, cancellationToken) is not { } form)
        {
            return FormRejected(page, http);
        }
        http.Response.Cookies.Delete(ConsentFormFields.NoticeCookie, new CookieOptions { Path = page.PagePath });
        return SeeOther(http, page.SafeReturnUrl(form[ConsentFormFields.ReturnUrl].ToString()));
    }

    internal static IResult Stylesheet(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ETag = ConsentStylesheet.ETag;
        headers.CacheControl = "public, max-age=3600";
        headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch == ConsentStylesheet.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(ConsentStylesheet.Content, "text/css; charset=utf-8");
    }

    private static async Task<IResult> RecordAndRedirectAsync(
        HostedPageRequest page, HttpContext http, HostedPageServices services, Dictionary<string, bool> choices,
        ConsentNotice notice, IFormCollection form, CancellationToken cancellationToken, ConsentControl? control = null,
        bool handBack = true)
    {
        var site = page.Site;
        var visitor = page.Visitor ?? ConsentIds.NewVisitorId();
        // What this page rendered, named by the server itself: the current revision, this build's wording, the locale.
        var shown = new ConsentShown(
            Revision: null, page.Strings.Locale, Pages.Wording.Version,
            control ?? notice switch
            {
                ConsentNotice.Accepted => ConsentControl.AcceptAll,
                ConsentNotice.Rejected => ConsentControl.RejectAll,
                _ => ConsentControl.Save,
            },
            ConsentSurface.Hosted);
        var request = new RecordConsentRequest(
            choices, ConsentSource.Hosted, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(),
            Shown: shown);
        var secure = SecureCookies(http, services.Options.Value);
        RecordConsentResponse recorded;
        try
        {
            recorded = await services.Recorder.RecordAsync(
                site, visitor, page.Definition!, request, page.Signals, secure, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            Log.StoreUnavailable(services.Logger, "hosted page consent write", ex.Message);
            return page.ErrorPage(StatusCodes.Status503ServiceUnavailable, page.Strings.StoreUnavailable);
        }

        // The server's own copy of the consent cookie, scoped to this site's pages so sites never share one.
        http.Response.Cookies.Append(recorded.Cookie.Name, recorded.Cookie.Value, new CookieOptions
        {
            Path = page.PagePath,
            HttpOnly = true,
            Secure = secure,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
            MaxAge = TimeSpan.FromSeconds(recorded.Cookie.MaxAgeSeconds),
            IsEssential = true,
        });
        http.Response.Cookies.Append(ConsentFormFields.NoticeCookie, ConsentNotices.ToCookieValue(notice)!, new CookieOptions
        {
            Path = page.PagePath,
            HttpOnly = true,
            Secure = secure,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
            MaxAge = NoticeLifetime,
            IsEssential = true,
        });
        if (handBack && page.Reference is { } reference)
        {
            return SeeOther(http, await HandBackAsync(page, http, services, reference, cancellationToken));
        }
        return SeeOther(http, page.SafeReturnUrl(form[ConsentFormFields.ReturnUrl].ToString()));
    }

    /// <summary>
    /// Back to the site that sent the visitor, with a single-use code (60 s, bound to the site and the reference's
    /// return URL) that the site exchanges with its key for the choice just recorded. The reference is spent.
    /// </summary>
    private static async Task<string> HandBackAsync(
        HostedPageRequest page, HttpContext http, HostedPageServices services, HostedReturn reference, CancellationToken cancellationToken)
    {
        HostedReturn.Forget(http, page.PagePath);
        string? code = null;
        try
        {
            code = await services.ServiceStore.IssueCodeAsync(
                new SyncGrant(page.Site, reference.ReturnUrl, null, false, services.Time.GetUtcNow(), reference.Visitor), cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            // The choice is stored; the site learns of it on the visitor's next visit to these pages or its own forms.
            Log.StoreUnavailable(services.Logger, "hosted page hand-back", ex.Message);
        }
        return Services.SyncEndpoints.ReturnLocation(reference.ReturnUrl, code, reference.State);
    }

    /// <summary>The posted form when it carries a valid antiforgery token; otherwise nothing.</summary>
    private static async Task<IFormCollection?> ReadValidFormAsync(HttpContext http, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }
        try
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            return await antiforgery.IsRequestValidAsync(http) ? form : null;
        }
        catch (InvalidDataException)
        {
            // A malformed or oversized form body is a bad request like any other forged post.
            return null;
        }
    }

    /// <summary>
    /// The page for a refused form. Without the antiforgery cookie the page set, the browser keeps no cookies: "choose
    /// again" would only bring the same form back, so the page says that no choice can be remembered.
    /// </summary>
    private static IResult FormRejected(HostedPageRequest page, HttpContext http)
    {
        var cookie = http.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        var cookiesRefused = cookie is null || !http.Request.Cookies.ContainsKey(cookie);
        return page.ErrorPage(StatusCodes.Status400BadRequest, cookiesRefused ? page.Strings.CookiesRefused : page.Strings.FormRejected);
    }

    /// <summary>The confirmation to show once: read and delete the notice cookie.</summary>
    private static ConsentNotice TakeNotice(HttpContext http, string site)
    {
        if (!http.Request.Cookies.TryGetValue(ConsentFormFields.NoticeCookie, out var value))
        {
            return ConsentNotice.None;
        }
        http.Response.Cookies.Delete(ConsentFormFields.NoticeCookie, new CookieOptions { Path = HostedPageRequest.PathOf(http, site) });
        return ConsentNotices.Parse(value);
    }

    private static IResult Html(string html, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Content(html, HtmlContentType, Encoding.UTF8, statusCode);

    private static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    // Secure unless this is plain-HTTP development on a loopback address, where a Secure cookie would be dropped.
    private static bool SecureCookies(HttpContext http, ServerOptions options) =>
        http.Request.IsHttps || (options.SecureCookies && !IsLoopback(http.Request.Host.Host));

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static async ValueTask<object?> SecurityHeaders(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        // A visitor's choices and receipt are theirs alone: no cache may keep or share them.
        headers.CacheControl = "no-store";
        return await next(context);
    }
}

/// <summary>What the hosted page handlers need, bound per request from DI (<c>[AsParameters]</c>).</summary>
internal sealed record HostedPageServices(
    SiteStore Sites,
    ConsentStore Consents,
    WordingStore Wordings,
    ConsentRecorder Recorder,
    ConsentTokenProtector Protector,
    IAntiforgery Antiforgery,
    TimeProvider Time,
    IOptions<ServerOptions> Options,
    ILogger<HostedPageServices> Logger,
    ServiceStore ServiceStore,
    HostedVisitorReference References);
