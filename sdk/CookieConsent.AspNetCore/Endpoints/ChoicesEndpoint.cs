using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Localization;
using CookieConsent.AspNetCore.Middleware;
using CookieConsent.AspNetCore.Policy;
using CookieConsent.AspNetCore.TagHelpers;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Endpoints;

/// <summary>
/// <c>POST {PathBase}/choices</c>: the banner's and the preferences page's form. Antiforgery is required (a cross-site
/// post records nothing); the choice is recorded at the consent server, the first-party cookie set from its answer,
/// cookies of refused categories expired, then 303 back to a local return URL. A post that changes nothing is answered
/// by <see cref="FormRefusal"/>: a page for a browser, problem details for an API client.
/// </summary>
internal static class ChoicesEndpoint
{
    private const int MaxUserAgentLength = 512;

    public static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChoicesEndpoint).FullName!);
        var options = services.GetRequiredService<IOptions<CookieConsentOptions>>().Value;
        var aborted = context.RequestAborted;

        if (!context.Request.HasFormContentType)
        {
            await FormRefusal.WriteAsync(context, 400, "Not a form post", "The consent form must be posted as a form.",
                s => s.FormRejected);
            return;
        }
        try
        {
            await services.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            Log.AntiforgeryRejected(logger);
            if (FormRefusal.LacksAntiforgeryCookie(context))
            {
                // Without cookies no choice can be remembered: reloading would only bring the same form back.
                await FormRefusal.WriteAsync(context, 400, "The form could not be accepted",
                    "The form's antiforgery cookie was not sent: the browser keeps no cookies, so no choice can be remembered.",
                    s => s.CookiesRefused);
                return;
            }
            await FormRefusal.WriteAsync(context, 400, "The form could not be accepted",
                "The consent form was not sent from this site or has expired. Reload the page and choose again.",
                s => s.FormRejected);
            return;
        }
        var form = await context.Request.ReadFormAsync(aborted);

        var consent = context.Features.Get<IConsentFeature>() as ConsentFeature
            ?? await services.GetRequiredService<ConsentEvaluator>().EvaluateAsync(context);
        var definition = consent.DefinitionValue;
        if (definition is null)
        {
            await Unavailable(context);
            return;
        }

        var decision = form[ConsentFormFields.Decision].ToString();
        // "Do Not Sell" and "Limit" forms post a choice per category like "Save"; the decision names the control.
        var perCategory = decision is ConsentFormFields.Save or ConsentFormFields.DoNotSell or ConsentFormFields.Limit
            or ConsentFormFields.LimitUndo;
        var choices = ReadChoices(definition, decision, form, out var invalidField);
        if (choices is null)
        {
            await FormRefusal.WriteAsync(context, 400, "Invalid choice", invalidField is null
                ? $"'{ConsentFormFields.Decision}' must be {ConsentFormFields.AcceptAll}, {ConsentFormFields.RejectAll} or {ConsentFormFields.Save}."
                : $"'{invalidField}' must be {ConsentFormFields.Yes} or {ConsentFormFields.No}.",
                s => s.FormRejected);
            return;
        }

        var visitor = consent.VisitorIdValue ?? ConsentIds.NewVisitorId();
        var signals = consent.SignalsValue;
        // Global Privacy Control is an opt-out request: "Accept all" does not override it, only an explicit confirmation.
        var confirmedOverGpc = form[ConsentFormFields.ConfirmOverGlobalPrivacyControl].ToString() == ConsentFormFields.Yes;
        // The conflicting categories are recorded refused; the visitor is then told so and offered the confirmation.
        var asked = new Dictionary<string, bool>(choices, StringComparer.Ordinal);
        var conflicting = new List<string>();
        if (signals.GlobalPrivacyControl && definition.HonorGlobalPrivacyControl && !confirmedOverGpc)
        {
            foreach (var category in definition.Categories.Where(c => c.SaleOrSharing && !c.Required))
            {
                if (choices[category.Id])
                {
                    conflicting.Add(category.Id);
                }
                choices[category.Id] = false;
            }
        }
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var request = new RecordConsentRequest(
            choices,
            perCategory ? ConsentSource.Preferences : ConsentSource.Banner,
            context.Connection.RemoteIpAddress?.ToString(),
            userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent,
            confirmedOverGpc,
            await ShownAsync(context, definition, decision, perCategory));

        RecordConsentResponse recorded;
        try
        {
            // The client bounds its calls already; this bound also holds for any other ICookieConsentApi a site registers.
            var timeout = services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value.Timeout;
            recorded = await services.GetRequiredService<ICookieConsentApi>()
                .RecordConsentAsync(consent.Site, visitor, request, signals, aborted)
                .WaitAsync(timeout, services.GetRequiredService<TimeProvider>(), aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever failed, nothing was recorded: say so, set nothing.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.RecordFailed(logger, e);
            await Unavailable(context);
            return;
        }

        ConsentCookieWriter.SetConsent(context.Response, recorded.Cookie, options.Secure);
        ConsentCookieWriter.ExpireRefused(context, definition, id => choices.GetValueOrDefault(id));
        ConsentCookieWriter.SetNotice(context.Response, decision switch
        {
            ConsentFormFields.AcceptAll => "accepted",
            ConsentFormFields.RejectAll => "rejected",
            _ => "saved",
        }, options.Secure);

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        consent.Update(visitor,
            ConsentEvaluator.ApplySignals(definition, ConsentEvaluator.Align(definition, recorded.Decisions.Categories), signals, now),
            recorded.State.ExpiresAt);

        // TPE: the answer to a consent post says the tracking status changed; the next page's Tk tells the new one.
        context.Response.Headers["Tk"] = ConsentResponseHeaders.Updated;
        if (conflicting.Count > 0
            && ConsentViews.Create(context, services.GetRequiredService<IAntiforgery>(), pathBase: null, preferencesUrl: null,
                returnUrl: form[ConsentFormFields.ReturnUrl].ToString(), receiptUrl: null, headingLevel: 1) is { } view)
        {
            await WriteGpcConflictAsync(context, view, asked, conflicting);
            return;
        }
        SeeOther(context, form[ConsentFormFields.ReturnUrl].ToString());
    }

    // The GPC conflict step as a page of its own: what was kept refused and a form to confirm it anyway. No script.
    private static async Task WriteGpcConflictAsync(
        HttpContext context, ConsentView view, Dictionary<string, bool> asked, List<string> conflicting)
    {
        var strings = BuiltInStrings.For(view.Locale);
        var encoder = HtmlEncoder.Create(UnicodeRanges.All);
        var html = new StringBuilder(2048)
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(encoder.Encode(strings.Locale)).Append("\">\n<head>\n")
            .Append("<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(encoder.Encode(strings.GpcConflictTitle)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"")
            .Append(encoder.Encode(context.Request.PathBase.Add(new PathString(ConsentStylesheet.Path)).Value!)).Append("\">\n")
            .Append("</head>\n<body class=\"cc-page\">\n<main class=\"cc-page__main\">\n")
            .Append(ConsentRenderer.Default.RenderGpcConflict(view, asked, conflicting))
            .Append("\n</main>\n</body>\n</html>\n")
            .ToString();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await context.Response.WriteAsync(html, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary><c>POST {PathBase}/notice/hide</c>: hides the confirmation (no antiforgery: hiding a notice changes no consent).</summary>
    public static async Task HideNoticeAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<CookieConsentOptions>>().Value;
        string returnUrl;
        try
        {
            returnUrl = context.Request.HasFormContentType
                ? (await context.Request.ReadFormAsync(context.RequestAborted))[ConsentFormFields.ReturnUrl].ToString()
                : context.Request.Query[ConsentFormFields.ReturnUrl].ToString();
        }
        catch (InvalidDataException)
        {
            // A malformed form body (e.g. an encoded NUL) is the client's fault, not a 500.
            await FormRefusal.WriteAsync(context, 400, "Not a valid form", "The form could not be read.", s => s.FormRejected);
            return;
        }
        ConsentCookieWriter.ClearNotice(context.Response, options.Secure);
        SeeOther(context, returnUrl);
    }

    private static Dictionary<string, bool>? ReadChoices(
        SiteDefinition definition, string decision, IFormCollection form, out string? invalidField)
    {
        invalidField = null;
        var choices = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var category in definition.Categories.Where(c => !c.Required))
        {
            switch (decision)
            {
                case ConsentFormFields.AcceptAll:
                    choices[category.Id] = true;
                    break;
                case ConsentFormFields.RejectAll:
                    choices[category.Id] = false;
                    break;
                case ConsentFormFields.Save or ConsentFormFields.DoNotSell or ConsentFormFields.Limit or ConsentFormFields.LimitUndo:
                    var field = ConsentFormFields.CategoryPrefix + category.Id;
                    var value = form[field].ToString();
                    // A category left unanswered is refused: nothing becomes "yes" that the visitor did not choose.
                    if (value is "" or ConsentFormFields.No)
                    {
                        choices[category.Id] = false;
                    }
                    else if (value == ConsentFormFields.Yes)
                    {
                        choices[category.Id] = true;
                    }
                    else
                    {
                        invalidField = field;
                        return null;
                    }
                    break;
                default:
                    return null;
            }
        }
        return decision is ConsentFormFields.AcceptAll or ConsentFormFields.RejectAll or ConsentFormFields.Save
            or ConsentFormFields.DoNotSell or ConsentFormFields.Limit or ConsentFormFields.LimitUndo
            ? choices
            : null;
    }

    // What this site rendered, named by the SDK: the revision of the cached policy the page was drawn from, this
    // package's wording, the request's locale, and the control from the validated decision (never a free form field).
    private static async Task<ConsentShown> ShownAsync(
        HttpContext context, SiteDefinition definition, string decision, bool perCategory)
    {
        var policy = await context.RequestServices.GetRequiredService<ConsentPolicyCache>().GetAsync(context.RequestAborted);
        return new ConsentShown(
            ReferenceEquals(policy?.Definition, definition) ? policy!.Revision : null,
            context.GetConsentLocale(),
            Wording.Version,
            decision switch
            {
                ConsentFormFields.AcceptAll => ConsentControl.AcceptAll,
                ConsentFormFields.RejectAll => ConsentControl.RejectAll,
                ConsentFormFields.DoNotSell => ConsentControl.DoNotSell,
                ConsentFormFields.Limit or ConsentFormFields.LimitUndo => ConsentControl.Limit,
                _ => ConsentControl.Save,
            },
            perCategory ? ConsentSurface.SdkPreferences : ConsentSurface.SdkBanner);
    }

    private static void SeeOther(HttpContext context, string? returnUrl)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = ReturnUrls.Validate(returnUrl, allowedHosts: null, fallback: "/");
        context.Response.Headers.CacheControl = "no-store";
    }

    private static Task Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "30";
        return FormRefusal.WriteAsync(context, 503, "Your choice could not be saved",
            "The consent service is unavailable right now. Nothing was changed; please try again in a moment.",
            s => s.StoreUnavailable);
    }
}
