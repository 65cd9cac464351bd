using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Localization;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>Builds the renderer's input for a request on a client site.</summary>
internal static class ConsentViews
{
    /// <summary>Where <c>MapCookieConsent()</c> listens unless configured otherwise.</summary>
    public const string DefaultPathBase = "/consent";

    /// <summary>The form endpoints' base path: the tag's attribute, else <c>CookieConsentOptions.PathBase</c>, else <c>/consent</c>.</summary>
    public static string PathBase(HttpContext context, string? attribute) =>
        !string.IsNullOrWhiteSpace(attribute) ? attribute
        : context.RequestServices?.GetService<IOptions<CookieConsentOptions>>()?.Value.PathBase.Value ?? DefaultPathBase;

    /// <summary>
    /// The view for this request, or <see langword="null"/> when there is nothing to render: no consent feature (the
    /// middleware is not in the pipeline) or no site definition (the consent server could not be reached).
    /// </summary>
    public static ConsentView? Create(
        HttpContext context,
        IAntiforgery antiforgery,
        string? pathBase,
        string? preferencesUrl,
        string? returnUrl,
        string? receiptUrl,
        int headingLevel,
        ConsentNotice notice = ConsentNotice.None,
        bool offerReceipt = false)
    {
        var feature = context.Features.Get<IConsentFeature>();
        if (feature?.Definition is not { } site)
        {
            return null;
        }

        var request = context.Request;
        var basePath = request.PathBase.Add(new PathString(NormalizePathBase(PathBase(context, pathBase)))).Value ?? "";
        var tokens = antiforgery.GetAndStoreTokens(context);
        var here = request.PathBase.Add(request.Path).Value + request.QueryString.Value;

        return new ConsentView
        {
            SiteId = feature.Site,
            Site = site,
            Decisions = feature.Decisions,
            HasValidChoice = !feature.NeedsChoice,
            Signals = feature.Signals,
            Locale = context.GetConsentLocale(),
            Urls = new ConsentUrls(basePath + "/choices", Local(context, preferencesUrl) ?? basePath + "/preferences")
            {
                HideNotice = basePath + "/notice/hide",
                // MapCookieConsent() has no opt-out endpoints of its own: the "Do Not Sell" and "Limit" forms post to /choices.
                DoNotSell = null,
                Limit = null,
                // The SDK's own downloads (MapCookieConsent) once the visitor has a record, unless the site names its own.
                Receipt = Local(context, receiptUrl) ?? (OffersOwnReceipt(offerReceipt, receiptUrl, feature) ? basePath + "/receipt.json" : null),
                ReceiptPage = OffersOwnReceipt(offerReceipt, receiptUrl, feature) ? basePath + "/receipt" : null,
            },
            Antiforgery = new AntiforgeryField(tokens.FormFieldName, tokens.RequestToken ?? ""),
            // The post handler validates again; validating here keeps a hostile query string out of the form.
            ReturnUrl = ReturnUrls.Validate(returnUrl ?? here, allowedHosts: null, fallback: request.PathBase.HasValue ? request.PathBase.Value! : "/"),
            Notice = notice,
            HeadingLevel = headingLevel,
        };
    }

    private static bool OffersOwnReceipt(bool offerReceipt, string? receiptUrl, IConsentFeature feature) =>
        offerReceipt && string.IsNullOrEmpty(receiptUrl) && feature.VisitorId is not null;

    private static string NormalizePathBase(string? pathBase)
    {
        var value = string.IsNullOrWhiteSpace(pathBase) ? DefaultPathBase : pathBase.Trim();
        if (!value.StartsWith('/'))
        {
            value = "/" + value;
        }
        return value.TrimEnd('/');
    }

    // An app-relative "~/x" becomes "{PathBase}/x"; anything else is used as given.
    private static string? Local(HttpContext context, string? url) =>
        string.IsNullOrWhiteSpace(url) ? null
        : url.StartsWith("~/", StringComparison.Ordinal) ? context.Request.PathBase.Add(new PathString(url[1..])).Value
        : url;
}
