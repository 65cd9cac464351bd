using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Client.Decisions;
using CookieConsent.Pages;
using CookieConsent.Server.Api;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.Server.HostedPages;

/// <summary>
/// One hosted-page request: the site, the visitor (from the server's own consent cookie), their stored consent, the
/// signals and the language — or the error page to answer instead.
/// </summary>
internal sealed class HostedPageRequest
{
    private HostedPageRequest(HttpContext http, string site, ConsentStrings strings)
    {
        Http = http;
        Site = site;
        Strings = strings;
        PagePath = PathOf(http, site);
    }

    public HttpContext Http { get; }

    public string Site { get; }

    public ConsentStrings Strings { get; }

    /// <summary><c>{PathBase}/consent/{site}</c>: the path of this site's pages and of the cookies they set.</summary>
    public string PagePath { get; }

    public SiteDefinition? Definition { get; private set; }

    public string? Visitor { get; private set; }

    public ConsentState? State { get; private set; }

    public bool StoreFailed { get; private set; }

    public ConsentSignals Signals { get; private set; }

    /// <summary>
    /// Set when the site sent its visitor here with a signed reference: the choice is recorded for that visitor and
    /// handed back to the reference's return URL with a code (the site's state alongside).
    /// </summary>
    public HostedReturn? Reference { get; private set; }

    /// <summary>Set when the request cannot be served: unknown site, store down.</summary>
    public IResult? Failure { get; private set; }

    public static string PathOf(HttpContext http, string site) => http.Request.PathBase.Add(new PathString("/consent/" + site)).Value!;

    public static async Task<HostedPageRequest> LoadAsync(
        string site, HttpContext http, HostedPageServices services, CancellationToken cancellationToken)
    {
        var acceptLanguage = http.Request.Headers[HeaderNames.AcceptLanguage].ToString();
        if (!ConsentIds.IsValidSite(site))
        {
            var unknown = new HostedPageRequest(http, "-", BuiltInStrings.For(LocaleNegotiator.Choose(acceptLanguage, null)));
            unknown.Failure = unknown.ErrorPage(StatusCodes.Status404NotFound, unknown.Strings.UnknownSite, withLinks: false);
            return unknown;
        }

        SiteDefinition? definition;
        try
        {
            definition = await services.Sites.GetAsync(site, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            Log.StoreUnavailable(services.Logger, "hosted page site read", ex.Message);
            var down = new HostedPageRequest(http, site, BuiltInStrings.For(LocaleNegotiator.Choose(acceptLanguage, null)));
            down.Failure = down.ErrorPage(StatusCodes.Status503ServiceUnavailable, down.Strings.StoreUnavailable, withLinks: false);
            return down;
        }
        var page = new HostedPageRequest(http, site, BuiltInStrings.For(LocaleNegotiator.Choose(acceptLanguage, definition?.DefaultLocale)));
        if (definition is null)
        {
            page.Failure = page.ErrorPage(StatusCodes.Status404NotFound, page.Strings.UnknownSite, withLinks: false);
            return page;
        }
        page.Definition = definition;
        page.Signals = RequestSignals.From(http.Request);

        if (HostedReturn.Read(http) is { } presented)
        {
            if (services.References.Unprotect(site, presented.Reference) is not { } named)
            {
                // Forged or expired: nothing is recorded for anyone, and the visitor is back on the site at once.
                Services.ServiceLog.ReferenceRefused(services.Logger, site);
                HostedReturn.Forget(http, page.PagePath);
                http.Response.Headers.Location = Services.SyncEndpoints.ReturnLocation(
                    page.SafeReturnUrl(http.Request.Query[ConsentFormFields.ReturnUrl].ToString()), null, presented.State);
                page.Failure = TypedResults.StatusCode(StatusCodes.Status303SeeOther);
                return page;
            }
            page.Reference = presented with { Visitor = named.Visitor, ReturnUrl = page.SafeReturnUrl(named.ReturnUrl) };
            page.Visitor = named.Visitor;
            if (presented.FromQuery)
            {
                // Kept for the form post (and the other hosted pages), on this site's pages only.
                HostedReturn.Remember(http, page.PagePath, presented, Services.ServiceVisitorCookie.Secure(http, services.Options.Value));
            }
        }
        var token = page.Reference is null ? http.Request.Cookies[definition.CookieName] : null;
        if (page.Reference is not null)
        {
            try
            {
                page.State = await services.Consents.GetAsync(site, page.Visitor!, cancellationToken);
            }
            catch (StoreUnavailableException ex)
            {
                Log.StoreUnavailable(services.Logger, "hosted page consent read", ex.Message);
                page.StoreFailed = true;
            }
        }
        else if (token is not null && services.Protector.TryUnprotect(site, token, out var payload) == TokenRejection.None)
        {
            page.Visitor = payload!.Visitor;
            try
            {
                page.State = await services.Consents.GetAsync(site, page.Visitor, cancellationToken);
            }
            catch (StoreUnavailableException ex)
            {
                // Show the page anyway, with nothing preselected: the visitor can still choose (and saving will tell).
                Log.StoreUnavailable(services.Logger, "hosted page consent read", ex.Message);
                page.StoreFailed = true;
            }
        }
        return page;
    }

    /// <summary>
    /// Records an honoured <c>Sec-GPC: 1</c> for a known visitor, as the API does, so the opt-out outlives this page view.
    /// </summary>
    public async Task RecordSignalAsync(HostedPageServices services, CancellationToken cancellationToken)
    {
        if (Visitor is null || StoreFailed || !Signals.GlobalPrivacyControl || Definition is not { HonorGlobalPrivacyControl: true })
        {
            return;
        }
        State = await services.Recorder.RecordSignalIfNewAsync(Site, Visitor, Definition, State, Signals, cancellationToken);
    }

    /// <summary>
    /// The footer's "Opt-out request honored" line with a link to the preferences page (CCPA regulations §7025(c)), or
    /// an empty string when there is nothing to say.
    /// </summary>
    public string PrivacyStatusHtml(ConsentView view) =>
        PrivacyStatus.Render(view.Site, view.Decisions, Strings.Locale, PagePath + QueryWithReturnUrl());

    /// <summary>The renderer's input for this request.</summary>
    public ConsentView View(IAntiforgery antiforgery, ConsentNotice notice)
    {
        var definition = Definition!;
        var now = Http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var tokens = antiforgery.GetAndStoreTokens(Http);
        return new ConsentView
        {
            SiteId = Site,
            Site = definition,
            Decisions = StoreFailed ? ConsentDecider.Unavailable(definition) : ConsentDecider.DecideAll(definition, State, Signals, now),
            HasValidChoice = !StoreFailed && !ConsentDecider.NeedsChoice(definition, State, now),
            Signals = Signals,
            Locale = Strings.Locale,
            Urls = new ConsentUrls(PagePath, PagePath)
            {
                HideNotice = PagePath + "/notice/hide",
                DoNotSell = PagePath + "/do-not-sell",
                Limit = PagePath + "/limit",
                Receipt = State is not null ? PagePath + "/receipt" : null,
                ReceiptPage = State is not null ? PagePath + "/receipt.html" : null,
            },
            Antiforgery = new AntiforgeryField(tokens.FormFieldName, tokens.RequestToken ?? ""),
            ReturnUrl = SafeReturnUrl(Http.Request.Query[ConsentFormFields.ReturnUrl].ToString()),
            Notice = notice,
            HeadingLevel = 1,
        };
    }

    /// <summary>
    /// <paramref name="returnUrl"/> if it is a local path or on one of the site's allowed hosts; otherwise the site's
    /// home URL, else its first allowed host's root, or this site's preferences page when it has none.
    /// </summary>
    public string SafeReturnUrl(string? returnUrl) =>
        ReturnUrls.Validate(returnUrl, Definition?.AllowedReturnHosts, SiteRoot());

    /// <summary>Links under the page: the other hosted page and the way back to the site.</summary>
    public IReadOnlyList<(string Href, string Text)> Links(bool includePreferences = true, bool includeDoNotSell = true, bool includeLimit = true)
    {
        var definition = Definition!;
        var links = new List<(string, string)>();
        var query = QueryWithReturnUrl();
        if (includePreferences)
        {
            links.Add((PagePath + query, Strings.PreferencesTitle));
        }
        if (includeDoNotSell && definition.Categories.Any(c => c.SaleOrSharing && !c.Required))
        {
            links.Add((PagePath + "/do-not-sell" + query, Strings.DoNotSellTitle));
        }
        if (includeLimit && SensitiveLimit.Applies(definition))
        {
            links.Add((PagePath + "/limit" + query, Strings.LimitTitle));
        }
        links.Add((SafeReturnUrl(Http.Request.Query[ConsentFormFields.ReturnUrl].ToString()),
            HostedPageLayout.Format(Strings.BackToSite, definition.DisplayName)));
        return links;
    }

    /// <summary>An error page with the status code, in the visitor's language, with the page's security headers.</summary>
    public IResult ErrorPage(int statusCode, string message, bool withLinks = true)
    {
        var links = withLinks && Definition is not null ? Links() : [];
        var html = HostedPageLayout.Error(Strings, Definition?.DisplayName, message, links);
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    private string SiteRoot()
    {
        if (Definition?.HomeUrl is { } home && ReturnUrls.TryValidate(home, Definition.AllowedReturnHosts, out var safeHome))
        {
            return safeHome;
        }
        var host = Definition?.AllowedReturnHosts.FirstOrDefault(h => !string.IsNullOrWhiteSpace(h));
        if (host is not null && Uri.TryCreate("https://" + host + "/", UriKind.Absolute, out var root) && root.UserInfo.Length == 0)
        {
            return root.AbsoluteUri;
        }
        return PagePath;
    }

    private string QueryWithReturnUrl()
    {
        var returnUrl = Http.Request.Query[ConsentFormFields.ReturnUrl].ToString();
        return ReturnUrls.TryValidate(returnUrl, Definition?.AllowedReturnHosts, out var safe)
            ? QueryString.Create(ConsentFormFields.ReturnUrl, safe).Value!
            : "";
    }
}
