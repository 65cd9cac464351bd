using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Pages;

/// <summary>
/// Renders the consent markup — banner, confirmation, preferences form, "Do Not Sell or Share" and "Limit" forms — for the SDK's
/// tag helpers and the consent server's hosted pages alike, so both look and behave the same.
/// </summary>
/// <remarks>
/// The markup works with scripts off and under <c>default-src 'self'; script-src 'none'</c>: plain forms that POST,
/// no <c>&lt;script&gt;</c>, no <c>on*=</c> handlers, no <c>style</c> attributes; the look comes from
/// <c>cookieconsent.css</c> through <c>cc-</c> class names. Every text and URL goes through the HTML encoder.
/// </remarks>
public sealed class ConsentRenderer
{
    private readonly HtmlEncoder _encoder;

    /// <summary>A renderer that leaves letters of every script readable and encodes markup characters.</summary>
    public static ConsentRenderer Default { get; } = new(HtmlEncoder.Create(UnicodeRanges.All));

    /// <summary>A renderer that encodes every text and URL with <paramref name="encoder"/>.</summary>
    /// <param name="encoder">The HTML encoder; <see cref="Default"/> uses one that allows every Unicode range.</param>
    public ConsentRenderer(HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        _encoder = encoder;
    }

    /// <summary>
    /// The banner: short text, "Accept all" and "Reject all" as equal buttons of one form, links to the preferences
    /// page and the site's policy, and the signal notices that apply.
    /// </summary>
    public string RenderBanner(ConsentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = BuiltInStrings.For(view.Locale);
        var h = new Html(_encoder);
        var level = Level(view.HeadingLevel);

        h.Raw("<section class=\"cc-banner\" aria-labelledby=\"cc-banner-title\" lang=\"").Attr(s.Locale).Raw("\">");
        h.Raw("<h").Raw(level).Raw(" class=\"cc-banner__title\" id=\"cc-banner-title\">")
            .Text(Format(s.BannerTitle, view.Site.DisplayName)).Raw("</h").Raw(level).Raw(">");
        h.Raw("<p class=\"cc-banner__text\">")
            .Text(view.Site.Regime == ConsentRegime.OptOut ? s.BannerTextOptOut : s.BannerTextOptIn);
        WriteCovers(h, view, s);
        h.Raw("</p>");
        WriteSignalNotices(h, view, s, SubLevel(view.HeadingLevel), "cc-banner");

        h.Raw("<form class=\"cc-form cc-banner__form\" method=\"post\" action=\"").Attr(view.Urls.Choices).Raw("\">");
        WriteHiddenFields(h, view);
        // Same element, same classes, same order of weight: refusing is exactly as prominent as accepting.
        h.Raw("<div class=\"cc-actions\">");
        WriteDecisionButton(h, ConsentFormFields.AcceptAll, s.AcceptAll);
        WriteDecisionButton(h, ConsentFormFields.RejectAll, s.RejectAll);
        h.Raw("</div></form>");

        h.Raw("<ul class=\"cc-links\">");
        h.Raw("<li><a class=\"cc-link\" href=\"").Attr(view.Urls.Preferences).Raw("\">").Text(s.SettingsLink).Raw("</a></li>");
        if (SafeHref(view.Site.PolicyUrl) is { } policy)
        {
            h.Raw("<li><a class=\"cc-link\" href=\"").Attr(policy).Raw("\">").Text(s.PolicyLink).Raw("</a></li>");
        }
        h.Raw("</ul></section>");
        return h.ToString();
    }

    /// <summary>
    /// The Global Privacy Control conflict step: the visitor chose "allow" for <paramref name="conflicting"/>
    /// sale-or-sharing categories while their browser sends an opt-out signal. The choice was kept refused; this says
    /// so and offers one form that posts the same choices again with <c>confirm-over-gpc=yes</c>, beside an equally
    /// plain way back that keeps the refusal (CCPA regulations §7025(c)(3)). No script.
    /// </summary>
    /// <param name="view">The page's view; <see cref="ConsentView.Urls"/> <c>Choices</c> receives the confirmation.</param>
    /// <param name="choices">Every optional category's choice as the visitor made it (before the signal refused any).</param>
    /// <param name="conflicting">The category ids the visitor allowed although the signal refuses them.</param>
    public string RenderGpcConflict(ConsentView view, IReadOnlyDictionary<string, bool> choices, IReadOnlyCollection<string> conflicting)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(conflicting);
        var s = BuiltInStrings.For(view.Locale);
        var h = new Html(_encoder);
        var level = Level(view.HeadingLevel);

        h.Raw("<section class=\"cc-preferences cc-gpc-conflict\" aria-labelledby=\"cc-gpc-conflict-title\" lang=\"").Attr(s.Locale).Raw("\">");
        h.Raw("<h").Raw(level).Raw(" class=\"cc-preferences__title\" id=\"cc-gpc-conflict-title\">").Text(s.GpcConflictTitle)
            .Raw("</h").Raw(level).Raw(">");
        h.Raw("<p class=\"cc-preferences__intro\">").Text(s.GpcConflictText).Raw("</p><ul class=\"cc-gpc-conflict__categories\">");
        foreach (var category in view.Site.Categories.Where(c => conflicting.Contains(c.Id)))
        {
            h.Raw("<li>").Text(CategoryTexts.Resolve(category, s.Locale, view.Site.DefaultLocale).Name).Raw("</li>");
        }
        h.Raw("</ul>");
        h.Raw("<form class=\"cc-form\" method=\"post\" action=\"").Attr(view.Urls.Choices).Raw("\">");
        WriteHiddenFields(h, view);
        foreach (var (id, allowed) in choices)
        {
            h.Raw("<input type=\"hidden\" name=\"").Attr(ConsentFormFields.CategoryPrefix + id).Raw("\" value=\"")
                .Attr(allowed ? ConsentFormFields.Yes : ConsentFormFields.No).Raw("\">");
        }
        h.Raw("<input type=\"hidden\" name=\"").Attr(ConsentFormFields.ConfirmOverGlobalPrivacyControl).Raw("\" value=\"")
            .Attr(ConsentFormFields.Yes).Raw("\">");
        h.Raw("<div class=\"cc-actions\">");
        WriteDecisionButton(h, ConsentFormFields.Save, s.GpcConflictConfirm);
        h.Raw("<a class=\"cc-button\" href=\"").Attr(view.ReturnUrl).Raw("\">").Text(s.GpcConflictKeep).Raw("</a>");
        h.Raw("</div></form></section>");
        return h.ToString();
    }

    /// <summary>
    /// The confirmation after a choice ("You've accepted additional cookies. You can change your cookie settings at
    /// any time.") with a "Hide this message" button; empty when <see cref="ConsentView.Notice"/> is none.
    /// </summary>
    public string RenderConfirmation(ConsentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = BuiltInStrings.For(view.Locale);
        var message = view.Notice switch
        {
            ConsentNotice.Accepted => s.Accepted,
            ConsentNotice.Rejected => s.Rejected,
            ConsentNotice.Saved => s.Saved,
            _ => null,
        };
        if (message is null)
        {
            return "";
        }
        var h = new Html(_encoder);
        h.Raw("<section class=\"cc-banner cc-confirmation\" role=\"status\" aria-label=\"").Attr(s.SettingsLink)
            .Raw("\" lang=\"").Attr(s.Locale).Raw("\">");
        h.Raw("<p class=\"cc-confirmation__text\">").Text(message).Raw(" ").Text(s.ChangeBefore)
            .Raw("<a class=\"cc-link\" href=\"").Attr(view.Urls.Preferences).Raw("\">").Text(s.ChangeLink).Raw("</a>")
            .Text(s.ChangeAfter).Raw("</p>");
        if (view.Urls.HideNotice is { } hide)
        {
            h.Raw("<form class=\"cc-form cc-confirmation__form\" method=\"post\" action=\"").Attr(hide).Raw("\">");
            WriteHiddenFields(h, view);
            h.Raw("<div class=\"cc-actions\"><button type=\"submit\" class=\"cc-button cc-button--secondary\">")
                .Text(s.HideMessage).Raw("</button></div></form>");
        }
        h.Raw("</section>");
        return h.ToString();
    }

    /// <summary>
    /// The preferences form: every category with its description and cookies; a yes/no radio pair per optional
    /// category, checked only where the visitor's own valid choice says so; required categories always on; Save, Accept
    /// all and Reject all buttons; the signal notices; the receipt link.
    /// </summary>
    public string RenderPreferences(ConsentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = BuiltInStrings.For(view.Locale);
        var h = new Html(_encoder);
        var level = Level(view.HeadingLevel);
        var sub = SubLevel(view.HeadingLevel);

        h.Raw("<section class=\"cc-preferences\" aria-labelledby=\"cc-preferences-title\" lang=\"").Attr(s.Locale).Raw("\">");
        h.Raw("<h").Raw(level).Raw(" class=\"cc-preferences__title\" id=\"cc-preferences-title\">").Text(s.PreferencesTitle)
            .Raw("</h").Raw(level).Raw(">");
        h.Raw("<p class=\"cc-preferences__intro\">").Text(Format(s.PreferencesIntro, view.Site.DisplayName)).Raw("</p>");
        WriteSignalNotices(h, view, s, sub, "cc-preferences");

        h.Raw("<form class=\"cc-form cc-preferences__form\" method=\"post\" action=\"").Attr(view.Urls.Choices).Raw("\">");
        WriteHiddenFields(h, view);
        foreach (var category in view.Site.Categories)
        {
            WriteCategory(h, view, s, category, sub);
        }
        // Save comes first, so pressing Enter on a choice saves that choice; accepting and refusing everything follow
        // as the same element with the same classes: neither is more prominent than the other, or than saving.
        h.Raw("<div class=\"cc-actions\">");
        // The yes/no radios are required for Save; accepting or refusing everything answers every category at once.
        WriteDecisionButton(h, ConsentFormFields.Save, s.Save);
        WriteDecisionButton(h, ConsentFormFields.AcceptAll, s.AcceptAll, noValidate: true);
        WriteDecisionButton(h, ConsentFormFields.RejectAll, s.RejectAll, noValidate: true);
        h.Raw("</div></form>");

        if (view.Urls.Receipt is not null || view.Urls.ReceiptPage is not null)
        {
            h.Raw("<div class=\"cc-receipt\"><p class=\"cc-receipt__text\">").Text(s.ReceiptText).Raw("</p>");
            if (view.Urls.ReceiptPage is { } page)
            {
                h.Raw("<p><a class=\"cc-link cc-receipt__page-link\" href=\"").Attr(page).Raw("\" download>")
                    .Text(s.ReceiptPageLink).Raw("</a></p>");
            }
            if (view.Urls.Receipt is { } receipt)
            {
                h.Raw("<p><a class=\"cc-link cc-receipt__link\" href=\"").Attr(receipt).Raw("\" download>")
                    .Text(s.ReceiptLink).Raw("</a></p>");
            }
            h.Raw("</div>");
        }
        h.Raw("</section>");
        return h.ToString();
    }

    /// <summary>
    /// The "Do Not Sell or Share My Personal Information" form: one button that refuses every sale-or-sharing
    /// category; with Global Privacy Control honoured it says the signal already applies.
    /// </summary>
    public string RenderDoNotSell(ConsentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = BuiltInStrings.For(view.Locale);
        var saleOrSharing = view.Site.Categories.Where(c => c.SaleOrSharing && !c.Required).ToList();
        var optedOut = saleOrSharing.Count > 0 && saleOrSharing.All(c => Decision(view, c.Id) is { Reason: DecisionReason.VisitorRefusal or DecisionReason.GlobalPrivacyControlRecorded });
        return RenderRefusalForm(view, new RefusalForm(
            "cc-do-not-sell", s.DoNotSellTitle, s.DoNotSellText, s.DoNotSellButton, s.DoNotSellDone, s.DoNotSellNothing,
            saleOrSharing, c => c.SaleOrSharing, view.Urls.DoNotSell, ConsentFormFields.DoNotSell, optedOut,
            GpcNote: GpcHonoured(view) ? s.DoNotSellGpc : null, Undo: null));
    }

    /// <summary>
    /// The "Limit the Use of My Sensitive Personal Information" form (CCPA regulations §7027): one button that refuses
    /// every sensitive category and keeps the other choices; once limited, the status and a button that lifts the limit.
    /// Decided like "Do Not Sell": a durable refusal. Only <c>opt-out</c> sites with a sensitive category offer it
    /// (<see cref="SensitiveLimit.Applies"/>); elsewhere this says the site uses no such information.
    /// </summary>
    public string RenderLimit(ConsentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = BuiltInStrings.For(view.Locale);
        return RenderRefusalForm(view, new RefusalForm(
            "cc-limit", s.LimitTitle, s.LimitText, s.LimitButton, s.LimitDone, s.LimitNothing,
            SensitiveLimit.Categories(view.Site), c => c.Sensitive, view.Urls.Limit, ConsentFormFields.Limit,
            SensitiveLimit.Limited(view.Site, view.Decisions), GpcNote: null, Undo: s.LimitUndo));
    }

    // What "Do Not Sell" and "Limit" have in common: a title, the status, the categories concerned and one form.
    private sealed record RefusalForm(
        string Block, string Title, string Text, string Button, string Done, string Nothing,
        IReadOnlyList<CategoryDefinition> Categories, Func<CategoryDefinition, bool> Refuses, string? Action, string Decision,
        bool InForce, string? GpcNote, string? Undo);

    private string RenderRefusalForm(ConsentView view, RefusalForm form)
    {
        var h = new Html(_encoder);
        var level = Level(view.HeadingLevel);
        var sub = SubLevel(view.HeadingLevel);
        var s = BuiltInStrings.For(view.Locale);

        h.Raw("<section class=\"").Raw(form.Block).Raw("\" aria-labelledby=\"").Raw(form.Block).Raw("-title\" lang=\"").Attr(s.Locale).Raw("\">");
        h.Raw("<h").Raw(level).Raw(" class=\"").Raw(form.Block).Raw("__title\" id=\"").Raw(form.Block).Raw("-title\">").Text(form.Title)
            .Raw("</h").Raw(level).Raw(">");

        if (form.Categories.Count == 0)
        {
            h.Raw("<p class=\"").Raw(form.Block).Raw("__text\">").Text(form.Nothing).Raw("</p></section>");
            return h.ToString();
        }
        if (form.GpcNote is { } note)
        {
            h.Raw("<div class=\"cc-notice cc-notice--signal\" id=\"").Raw(form.Block).Raw("-gpc\"><h").Raw(sub)
                .Raw(" class=\"cc-notice__title\">").Text(s.GpcTitle).Raw("</h").Raw(sub).Raw(">")
                .Raw("<p class=\"cc-notice__text\">").Text(note).Raw("</p></div>");
        }
        if (form.InForce)
        {
            h.Raw("<p class=\"cc-status cc-status--off ").Raw(form.Block).Raw("__done\">").Text(form.Done).Raw("</p>");
        }
        h.Raw("<p class=\"").Raw(form.Block).Raw("__text\">").Text(form.Text).Raw("</p>");
        WriteCategoryNames(h, view, form.Categories, form.Block + "__categories");

        // Once the limit is in force the form offers lifting it; "Do Not Sell" is lifted on the preferences page.
        var undo = form.InForce && form.Undo is not null;
        h.Raw("<form class=\"cc-form ").Raw(form.Block).Raw("__form\" method=\"post\" action=\"")
            .Attr(form.Action ?? view.Urls.Choices).Raw("\">");
        WriteHiddenFields(h, view);
        h.Raw("<div class=\"cc-actions\">");
        if (form.Action is not null)
        {
            WriteDecisionButton(h, undo ? ConsentFormFields.LimitUndo : form.Decision, undo ? form.Undo! : form.Button);
        }
        else
        {
            // No dedicated endpoint: post to the choices endpoint, restating what applies now to every other category (a
            // category refused only by a signal, or in doubt, stays refused) and refusing — or, undoing, allowing — the
            // ones concerned.
            foreach (var category in view.Site.Categories.Where(c => !c.Required))
            {
                var current = Decision(view, category.Id) is { Allowed: true, Reason: DecisionReason.VisitorChoice or DecisionReason.NoConsent or DecisionReason.Expired or DecisionReason.PolicyChanged };
                var allow = !form.Refuses(category) ? current
                    // Lifting the limit never allows a sale-or-sharing category: that is the "Do Not Sell" choice.
                    : undo && (!category.SaleOrSharing || current);
                h.Raw("<input type=\"hidden\" name=\"").Attr(ConsentFormFields.CategoryPrefix + category.Id)
                    .Raw("\" value=\"").Attr(allow ? ConsentFormFields.Yes : ConsentFormFields.No).Raw("\">");
            }
            // The decision names the control used (recorded on the receipt); the fields above carry the choices.
            WriteDecisionButton(h, undo ? ConsentFormFields.LimitUndo : form.Decision, undo ? form.Undo! : form.Button);
        }
        h.Raw("</div></form></section>");
        return h.ToString();
    }

    private void WriteCategory(Html h, ConsentView view, ConsentStrings s, CategoryDefinition category, string sub)
    {
        var text = CategoryTexts.Resolve(category, s.Locale, view.Site.DefaultLocale);
        var id = "cc-category-" + category.Id;
        h.Raw("<div class=\"cc-category\" id=\"").Attr(id).Raw("\">");
        h.Raw("<h").Raw(sub).Raw(" class=\"cc-category__name\">").Text(text.Name).Raw("</h").Raw(sub).Raw(">");
        if (text.Description.Length > 0)
        {
            h.Raw("<p class=\"cc-category__description\">").Text(text.Description).Raw("</p>");
        }
        if (category.Cookies is { Count: > 0 } cookies)
        {
            h.Raw("<div class=\"cc-category__cookies\"><p class=\"cc-category__cookies-label\">").Text(s.CookiesLabel)
                .Raw("</p><ul class=\"cc-cookie-list\">");
            foreach (var cookie in cookies)
            {
                h.Raw("<li><code>").Text(cookie).Raw("</code></li>");
            }
            h.Raw("</ul></div>");
        }

        var field = ConsentFormFields.CategoryPrefix + category.Id;
        if (category.Required)
        {
            h.Raw("<p class=\"cc-status cc-status--on\">").Text(s.AlwaysOn).Raw("</p>")
                .Raw("<p class=\"cc-category__note\">").Text(s.RequiredExplanation).Raw("</p>");
        }
        else if (GpcHonoured(view) && category.SaleOrSharing)
        {
            // The signal already refuses this category; offering "yes" would be a choice that cannot take effect.
            h.Raw("<p class=\"cc-status cc-status--off\">").Text(s.GpcRefused).Raw("</p>");
            h.Raw("<input type=\"hidden\" name=\"").Attr(field).Raw("\" value=\"").Attr(ConsentFormFields.No).Raw("\">");
        }
        else
        {
            // Checked only from the visitor's own, still valid choice: never a default "yes".
            var current = Decision(view, category.Id) switch
            {
                { Reason: DecisionReason.VisitorChoice } => true,
                { Reason: DecisionReason.VisitorRefusal or DecisionReason.GlobalPrivacyControlRecorded } => false,
                _ => (bool?)null,
            };
            h.Raw("<fieldset class=\"cc-fieldset\"><legend class=\"cc-legend\">").Text(Format(s.AllowLegend, text.Name))
                .Raw("</legend><div class=\"cc-radios\">");
            WriteRadio(h, field, id + "-yes", ConsentFormFields.Yes, s.Yes, current == true);
            WriteRadio(h, field, id + "-no", ConsentFormFields.No, s.No, current == false);
            h.Raw("</div></fieldset>");
        }
        h.Raw("</div>");
    }

    private static void WriteRadio(Html h, string name, string id, string value, string label, bool isChecked)
    {
        h.Raw("<div class=\"cc-radio\"><input class=\"cc-radio__input\" type=\"radio\" id=\"").Attr(id)
            .Raw("\" name=\"").Attr(name).Raw("\" value=\"").Attr(value).Raw("\" required");
        if (isChecked)
        {
            h.Raw(" checked");
        }
        h.Raw("><label class=\"cc-radio__label\" for=\"").Attr(id).Raw("\">").Text(label).Raw("</label></div>");
    }

    private static void WriteDecisionButton(Html h, string value, string label, bool noValidate = false) =>
        h.Raw("<button type=\"submit\" class=\"cc-button\" name=\"").Attr(ConsentFormFields.Decision)
            .Raw("\" value=\"").Attr(value).Raw(noValidate ? "\" formnovalidate>" : "\">").Text(label).Raw("</button>");

    private static void WriteHiddenFields(Html h, ConsentView view)
    {
        if (!string.IsNullOrEmpty(view.Antiforgery.Name))
        {
            h.Raw("<input type=\"hidden\" name=\"").Attr(view.Antiforgery.Name).Raw("\" value=\"")
                .Attr(view.Antiforgery.Value ?? "").Raw("\">");
        }
        h.Raw("<input type=\"hidden\" name=\"").Attr(ConsentFormFields.ReturnUrl).Raw("\" value=\"")
            .Attr(view.ReturnUrl).Raw("\">");
    }

    private void WriteSignalNotices(Html h, ConsentView view, ConsentStrings s, string sub, string idPrefix)
    {
        if (GpcHonoured(view))
        {
            var affected = view.Site.Categories.Where(c => c.SaleOrSharing && !c.Required).ToList();
            h.Raw("<div class=\"cc-notice cc-notice--signal\" id=\"").Attr(idPrefix + "-gpc").Raw("\">")
                .Raw("<h").Raw(sub).Raw(" class=\"cc-notice__title\">").Text(s.GpcTitle).Raw("</h").Raw(sub).Raw(">");
            if (affected.Count > 0)
            {
                h.Raw("<p class=\"cc-notice__text\">").Text(s.GpcText).Raw("</p>");
                WriteCategoryNames(h, view, affected, "cc-notice__categories");
                // Said before anything is posted: "Accept all" does not override the signal; the confirm step follows.
                h.Raw("<p class=\"cc-notice__text\" id=\"").Attr(idPrefix + "-gpc-accept-all").Raw("\">")
                    .Text(s.GpcAcceptAllNotice).Raw("</p>");
            }
            h.Raw("</div>");
        }
        if (view.Signals.DoNotTrack && view.Site.HonorDoNotTrack)
        {
            h.Raw("<div class=\"cc-notice cc-notice--signal\" id=\"").Attr(idPrefix + "-dnt").Raw("\">")
                .Raw("<h").Raw(sub).Raw(" class=\"cc-notice__title\">").Text(s.DntTitle).Raw("</h").Raw(sub).Raw(">")
                .Raw("<p class=\"cc-notice__text\">").Text(s.DntText).Raw("</p></div>");
        }
    }

    private static void WriteCategoryNames(Html h, ConsentView view, IEnumerable<CategoryDefinition> categories, string cssClass)
    {
        var s = BuiltInStrings.For(view.Locale);
        h.Raw("<ul class=\"").Attr(cssClass).Raw("\">");
        foreach (var category in categories)
        {
            var name = CategoryTexts.Resolve(category, s.Locale, view.Site.DefaultLocale).Name;
            h.Raw("<li class=\"cc-status cc-status--off\" data-category=\"").Attr(category.Id).Raw("\">").Text(name).Raw("</li>");
        }
        h.Raw("</ul>");
    }

    private static bool GpcHonoured(ConsentView view) =>
        view.Signals.GlobalPrivacyControl && view.Site.HonorGlobalPrivacyControl;

    private static CategoryDecision? Decision(ConsentView view, string category)
    {
        foreach (var decision in view.Decisions)
        {
            if (decision.Category == category)
            {
                return decision;
            }
        }
        return null;
    }

    // One sentence in the banner's paragraph: what "Accept all" covers, each optional category by name, sale or sharing
    // marked in bold so the visitor sees it before choosing (CCPA regulations §7004, §7013).
    private static void WriteCovers(Html h, ConsentView view, ConsentStrings s)
    {
        var optional = view.Site.Categories.Where(c => !c.Required).ToList();
        if (optional.Count == 0)
        {
            return;
        }
        var marker = s.BannerCovers.IndexOf("{0}", StringComparison.Ordinal);
        h.Text(" ").Text(s.BannerCovers[..marker]);
        for (var i = 0; i < optional.Count; i++)
        {
            if (i > 0)
            {
                h.Text(i == optional.Count - 1 ? s.ListAnd : ", ");
            }
            h.Raw("<span class=\"cc-banner__category\">")
                .Text(CategoryTexts.Resolve(optional[i], s.Locale, view.Site.DefaultLocale).Name).Raw("</span>");
            if (optional[i].SaleOrSharing)
            {
                h.Text(" (").Raw("<strong class=\"cc-banner__sale\">").Text(s.SaleOrSharingMark).Raw("</strong>").Text(")");
            }
        }
        h.Text(s.BannerCovers[(marker + 3)..]);
    }

    private static string Format(string format, string value) =>
        string.Format(CultureInfo.InvariantCulture, format, value);

    private static string Level(int level) => Math.Clamp(level, 1, 5).ToString(CultureInfo.InvariantCulture);

    private static string SubLevel(int level) => (Math.Clamp(level, 1, 5) + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A site-configured link is emitted only as an http(s) URL or a local path, so a stored <c>javascript:</c> URL can
    /// never become a link.
    /// </summary>
    private static string? SafeHref(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }
        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal))
        {
            return url;
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ? uri.AbsoluteUri
            : null;
    }

    /// <summary>A tiny builder that keeps the raw markup and the encoded values visibly apart.</summary>
    private sealed class Html(HtmlEncoder encoder)
    {
        private readonly StringBuilder _sb = new(2048);

        public Html Raw(string markup)
        {
            _sb.Append(markup);
            return this;
        }

        public Html Text(string? value)
        {
            _sb.Append(encoder.Encode(value ?? ""));
            return this;
        }

        public Html Attr(string? value) => Text(value);

        public override string ToString() => _sb.ToString();
    }
}
