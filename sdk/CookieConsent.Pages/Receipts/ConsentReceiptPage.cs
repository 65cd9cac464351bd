using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Pages;

/// <summary>
/// The human-readable receipt download: the same records as <see cref="ConsentReceiptDocument"/>, as one HTML file a
/// visitor can keep. The page's own labels are in the visitor's language; each record's notice and category texts are
/// the ones its revision and wording showed, in the language they were shown in (marked with <c>lang</c>). A record
/// whose revision or wording is unknown says so and lists only its recorded choices. No script; the shared stylesheet
/// is inlined so the file looks the same when opened from disk, and <see cref="ContentSecurityPolicy"/> allows exactly it.
/// </summary>
public static class ConsentReceiptPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly Lazy<string> Policy = new(() =>
        "default-src 'none'; style-src 'sha256-" + Convert.ToBase64String(SHA256.HashData(ConsentStylesheet.Content))
        + "'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");

    /// <summary>
    /// The <c>Content-Security-Policy</c> to send with the page: nothing but the inlined stylesheet (by its hash) may load
    /// or run.
    /// </summary>
    public static string ContentSecurityPolicy => Policy.Value;

    /// <summary>The page for <paramref name="receipts"/>, oldest first.</summary>
    /// <param name="current">The site's definition now: its name and controller head the page.</param>
    /// <param name="receipts">The visitor's receipts (at least one).</param>
    /// <param name="shown">What each receipt's visitor was shown (<see cref="ReceiptShown.Lookup"/>).</param>
    /// <param name="locale">The visitor's language now, for the page's own labels.</param>
    public static string Render(
        SiteDefinition current, IReadOnlyList<ConsentReceipt> receipts, Func<ConsentReceipt, ReceiptShown> shown, string? locale)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentOutOfRangeException.ThrowIfZero(receipts.Count);
        var s = ReceiptPageStrings.For(locale);
        var title = s.Title + " – " + current.DisplayName;
        var h = new StringBuilder(8192);
        h.Append("<!DOCTYPE html>\n<html lang=\"").Append(E(s.Locale)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n")
            // Byte for byte the shared stylesheet: the policy's hash is computed over exactly these bytes.
            .Append("<style>").Append(ConsentStylesheet.Text).Append("</style>\n")
            .Append("</head>\n<body class=\"cc-page\">\n<main class=\"cc-page__main cc-record\">\n")
            .Append("<h1>").Append(E(title)).Append("</h1>\n")
            .Append("<p>").Append(E(s.Intro.Replace("{0}", current.DisplayName, StringComparison.Ordinal))).Append("</p>\n");
        Controller(h, s, current);
        h.Append("<p>").Append(E(s.VisitorId)).Append(": <code>").Append(E(receipts[0].Visitor)).Append("</code></p>\n");
        for (var i = 0; i < receipts.Count; i++)
        {
            Record(h, s, i, receipts[i], shown(receipts[i]), current);
        }
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Controller(StringBuilder h, ReceiptPageStrings s, SiteDefinition current)
    {
        var controller = current.Controller ?? new ControllerDetails();
        h.Append("<section aria-labelledby=\"cc-record-controller\">\n<h2 id=\"cc-record-controller\">").Append(E(s.Controller)).Append("</h2>\n")
            .Append("<dl class=\"cc-record__facts\">\n");
        Fact(h, s.LegalName, controller.LegalName ?? current.DisplayName);
        if (controller.Contact is { } contact)
        {
            Fact(h, s.Contact, contact);
        }
        if (HttpUrl(controller.PrivacyPolicyUrl ?? current.PolicyUrl) is { } url)
        {
            h.Append("<dt>").Append(E(s.PrivacyPolicy)).Append("</dt><dd><a class=\"cc-link\" href=\"").Append(E(url)).Append("\">")
                .Append(E(url)).Append("</a></dd>\n");
        }
        h.Append("</dl>\n");
        var missing = new[] { (s.LegalName, controller.LegalName), (s.Contact, controller.Contact), (s.PrivacyPolicy, controller.PrivacyPolicyUrl) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
        if (missing.Count > 0)
        {
            h.Append("<p class=\"cc-record__missing\">")
                .Append(E(s.ControllerMissing.Replace("{0}", string.Join(", ", missing), StringComparison.Ordinal))).Append("</p>\n");
        }
        h.Append("</section>\n");
    }

    private static void Record(StringBuilder h, ReceiptPageStrings s, int index, ConsentReceipt receipt, ReceiptShown shown, SiteDefinition current)
    {
        var id = "cc-record-" + index.ToString(CultureInfo.InvariantCulture);
        var language = ConsentReceiptDocument.LanguageOf(receipt, shown, current);
        var when = receipt.Timestamp.UtcDateTime;
        h.Append("<section class=\"cc-record__entry\" aria-labelledby=\"").Append(id).Append("\">\n<h2 id=\"").Append(id).Append("\">")
            .Append(E(Label(s.Events, ConsentReceiptDocument.Name(receipt.Event)))).Append(" – ")
            .Append(E(when.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append("</h2>\n")
            .Append("<dl class=\"cc-record__facts\">\n");
        h.Append("<dt>").Append(E(s.When)).Append("</dt><dd><time datetime=\"")
            .Append(E(when.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))).Append("\">")
            .Append(E(when.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))).Append("</time></dd>\n");
        Fact(h, s.Control, Label(s.Controls, ConsentReceiptDocument.Name(receipt.Control)));
        Fact(h, s.Where, Label(s.Surfaces, ConsentReceiptDocument.Name(receipt.Surface)));
        Fact(h, s.Language, language);
        Fact(h, s.PolicyVersion, receipt.PolicyVersion.ToString(CultureInfo.InvariantCulture));
        Code(h, s.Revision, receipt.Revision ?? s.NotRecorded);
        Code(h, s.WordingVersion, receipt.Wording ?? s.NotRecorded);
        var signals = new[] { receipt.Signals.DoNotTrack ? "Do Not Track" : null, receipt.Signals.GlobalPrivacyControl ? "Global Privacy Control" : null }
            .OfType<string>().ToList();
        Fact(h, s.Signals, signals.Count == 0 ? s.NoSignals : string.Join(", ", signals));
        Code(h, s.ReceiptId, receipt.Id);
        h.Append("</dl>\n");

        if (receipt.Event == ConsentEvent.Erased)
        {
            h.Append("<p>").Append(E(s.Erased)).Append("</p>\n</section>\n");
            return;
        }
        h.Append("<h3>").Append(E(s.Shown)).Append("</h3>\n");
        if (shown.Strings is null)
        {
            h.Append("<p class=\"cc-record__missing\" role=\"note\">")
                .Append(E(s.WordingMissing.Replace("{0}", receipt.Wording ?? s.NotRecorded, StringComparison.Ordinal))).Append("</p>\n");
        }
        var (noticeTitle, noticeText) = ConsentReceiptDocument.NoticeText(receipt, shown);
        if (noticeTitle.Length > 0 || noticeText.Length > 0)
        {
            h.Append("<blockquote class=\"cc-record__notice\" lang=\"").Append(E(language)).Append("\">\n");
            if (noticeTitle.Length > 0)
            {
                h.Append("<p class=\"cc-record__notice-title\">").Append(E(noticeTitle)).Append("</p>\n");
            }
            if (noticeText.Length > 0)
            {
                h.Append("<p>").Append(E(noticeText)).Append("</p>\n");
            }
            h.Append("</blockquote>\n");
        }
        if (shown.Definition is not { } definition)
        {
            h.Append("<p class=\"cc-record__missing\" role=\"note\">")
                .Append(E(s.RevisionMissing.Replace("{0}", receipt.Revision ?? s.NotRecorded, StringComparison.Ordinal))).Append("</p>\n<ul>\n");
            foreach (var (category, allowed) in receipt.Choices.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                h.Append("<li><code>").Append(E(category)).Append("</code>: ").Append(E(allowed ? s.Allowed : s.Refused)).Append("</li>\n");
            }
            h.Append("</ul>\n</section>\n");
            return;
        }
        h.Append("<table class=\"cc-record__choices\">\n<thead><tr><th scope=\"col\">").Append(E(s.Category))
            .Append("</th><th scope=\"col\">").Append(E(s.Description)).Append("</th><th scope=\"col\">").Append(E(s.Choice))
            .Append("</th></tr></thead>\n<tbody>\n");
        foreach (var category in definition.Categories)
        {
            var words = CategoryTexts.Resolve(category, language, definition.DefaultLocale);
            var choice = category.Required ? s.AlwaysOn : receipt.Choices.GetValueOrDefault(category.Id) ? s.Allowed : s.Refused;
            h.Append("<tr><th scope=\"row\" lang=\"").Append(E(language)).Append("\">").Append(E(words.Name))
                .Append("</th><td lang=\"").Append(E(language)).Append("\">").Append(E(words.Description))
                .Append("</td><td>").Append(E(choice)).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Fact(StringBuilder h, string term, string value) =>
        h.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static void Code(StringBuilder h, string term, string value) =>
        h.Append("<dt>").Append(E(term)).Append("</dt><dd><code>").Append(E(value)).Append("</code></dd>\n");

    private static string Label(IReadOnlyDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var label) ? label : labels["unknown"];

    // Only an absolute http(s) URL becomes a link; anything else is not shown as one.
    private static string? HttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    private static string E(string value) => Encoder.Encode(value);
}
