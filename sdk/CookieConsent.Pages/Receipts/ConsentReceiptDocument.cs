using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Pages;

/// <summary>
/// A visitor's consent receipts as one JSON document following the record structure of ISO/IEC TS 27560:2023 (a
/// consent record per change, each naming the notice shown, its language, the event and the PII principal), with the
/// Kantara Consent Receipt 1.1 names where that specification has one (<c>piiControllers</c>, <c>onBehalf</c>,
/// <c>purposes</c>, <c>piiCategory</c>, <c>thirdPartyDisclosure</c>, <c>consentReceiptID</c>, …). Each record shows the
/// words of the revision and wording version it names, in the locale it was shown in — never today's texts: a receipt
/// whose revision or wording is unknown lists it under <c>notice.missing</c>, keeps its choices (<c>choices</c>) and
/// shows no words it cannot reproduce. The consent server's hosted download and the SDK's both write it.
/// </summary>
public static class ConsentReceiptDocument
{
    /// <summary>The structure this document follows.</summary>
    public const string Version = "ISO/IEC TS 27560:2023; KI-CR-v1.1.0";

    /// <summary>The JSON document (UTF-8) of <paramref name="receipts"/>, oldest first.</summary>
    /// <param name="site">The site id.</param>
    /// <param name="current">The site's definition now: the controller named on the document.</param>
    /// <param name="receipts">The visitor's receipts (at least one).</param>
    /// <param name="shown">What each receipt's visitor was shown (<see cref="ReceiptShown.Lookup"/>).</param>
    public static byte[] Write(string site, SiteDefinition current, IReadOnlyList<ConsentReceipt> receipts, Func<ConsentReceipt, ReceiptShown> shown)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentOutOfRangeException.ThrowIfZero(receipts.Count);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // A download, never embedded in a page: keep apostrophes and accents readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("version", Version);
            json.WriteString("jurisdiction", current.Regime == ConsentRegime.OptIn ? "EU GDPR" : "US-CA CCPA/CPRA");
            json.WriteString("piiPrincipalId", receipts[0].Visitor);
            WriteController(json, site, current);
            if (current.PolicyUrl is { } policyUrl)
            {
                json.WriteString("policyUrl", policyUrl);
            }

            json.WriteStartArray("records");
            foreach (var receipt in receipts)
            {
                WriteRecord(json, receipt, shown(receipt), current);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteController(Utf8JsonWriter json, string site, SiteDefinition definition)
    {
        var controller = definition.Controller ?? new ControllerDetails();
        json.WriteStartArray("piiControllers");
        json.WriteStartObject();
        json.WriteString("piiController", controller.LegalName ?? definition.DisplayName);
        if (controller.Contact is { } contact)
        {
            json.WriteString("contact", contact);
        }
        if ((controller.PrivacyPolicyUrl ?? definition.PolicyUrl) is { } url)
        {
            json.WriteString("piiControllerUrl", url);
        }
        // The site records consent for itself: the controller does not act on another's behalf.
        json.WriteBoolean("onBehalf", false);
        json.WriteString("siteId", site);
        json.WriteEndObject();
        json.WriteEndArray();

        // A site without controller details is valid; the download says what a regulator would miss.
        json.WriteStartArray("missingControllerFields");
        foreach (var (name, value) in new[]
        {
            ("legalName", controller.LegalName), ("contact", controller.Contact), ("privacyPolicyUrl", controller.PrivacyPolicyUrl),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                json.WriteStringValue(name);
            }
        }
        json.WriteEndArray();
    }

    private static void WriteRecord(Utf8JsonWriter json, ConsentReceipt receipt, ReceiptShown shown, SiteDefinition current)
    {
        var definition = shown.Definition;
        var locale = LanguageOf(receipt, shown, current);
        json.WriteStartObject();
        json.WriteString("consentReceiptID", receipt.Id);
        json.WriteNumber("consentTimestamp", receipt.Timestamp.ToUnixTimeSeconds());
        json.WriteString("timestamp", receipt.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        json.WriteString("event", Name(receipt.Event));
        json.WriteString("collectionMethod", CollectionMethod(receipt));
        json.WriteString("control", Name(receipt.Control));
        json.WriteString("surface", Name(receipt.Surface));
        json.WriteString("language", locale);
        json.WriteNumber("policyVersion", receipt.PolicyVersion);

        json.WriteStartObject("notice");
        WriteOrNull(json, "revision", receipt.Revision);
        WriteOrNull(json, "wording", receipt.Wording);
        json.WriteBoolean("reproduced", shown.Reproduced);
        json.WriteStartArray("missing");
        foreach (var part in Missing(receipt, shown))
        {
            json.WriteStringValue(part);
        }
        json.WriteEndArray();
        var (title, text) = NoticeText(receipt, shown);
        json.WriteString("title", title);
        json.WriteString("text", text);
        json.WriteEndObject();

        // The receipt's own facts, whether or not the words around them can still be shown.
        json.WriteStartObject("choices");
        foreach (var (category, allowed) in receipt.Choices.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            json.WriteBoolean(category, allowed);
        }
        json.WriteEndObject();

        json.WriteStartArray("purposes");
        if (receipt.Event != ConsentEvent.Erased && definition is not null)
        {
            foreach (var category in definition.Categories)
            {
                var words = CategoryTexts.Resolve(category, locale, definition.DefaultLocale);
                json.WriteStartObject();
                json.WriteString("purpose", words.Name);
                json.WriteString("purposeDescription", words.Description);
                json.WriteStartArray("purposeCategory");
                json.WriteStringValue(category.Id);
                json.WriteEndArray();
                // Required categories rest on necessity, not on consent; every other one on an explicit choice.
                json.WriteString("consentType", category.Required ? "NOT-REQUIRED" : "EXPLICIT");
                json.WriteBoolean("consentGiven", category.Required || receipt.Choices.GetValueOrDefault(category.Id));
                json.WriteStartArray("piiCategory");
                foreach (var cookie in category.Cookies)
                {
                    json.WriteStringValue(cookie);
                }
                json.WriteEndArray();
                json.WriteBoolean("primaryPurpose", category.Required);
                json.WriteString("termination", category.Required
                    ? "When the session or the cookie ends."
                    : shown.Service is not null ? "Until withdrawn on the service's opt-out page; it does not lapse."
                    : $"Until {receipt.ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} or withdrawal on the site's cookie settings page.");
                json.WriteBoolean("thirdPartyDisclosure", category.SaleOrSharing);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();

        json.WriteStartObject("signals");
        json.WriteBoolean("doNotTrack", receipt.Signals.DoNotTrack);
        json.WriteBoolean("globalPrivacyControl", receipt.Signals.GlobalPrivacyControl);
        json.WriteEndObject();
        WriteOrNull(json, "previousReceiptHash", receipt.Previous);
        json.WriteEndObject();
    }

    /// <summary>The language the receipt's notice was shown in (one of the built-in locales).</summary>
    internal static string LanguageOf(ConsentReceipt receipt, ReceiptShown shown, SiteDefinition current) =>
        LocaleNegotiator.PrimaryLanguage(receipt.Locale) is { } language && BuiltInStrings.Locales.Contains(language)
            ? language
            : shown.Strings?.Locale ?? BuiltInStrings.For(current.DefaultLocale).Locale;

    /// <summary>What the receipt names (or should name) that could not be found: <c>revision</c>, <c>wording</c>.</summary>
    internal static IEnumerable<string> Missing(ConsentReceipt receipt, ReceiptShown shown)
    {
        if (receipt.Event == ConsentEvent.Erased)
        {
            yield break;
        }
        if (shown.Definition is null)
        {
            yield return "revision";
        }
        if (shown.Strings is null)
        {
            yield return "wording";
        }
    }

    /// <summary>
    /// The heading and text of the surface the visitor used, in the words of the wording version the receipt names,
    /// with the site's name as the revision gave it. Whatever depends on something missing stays empty.
    /// </summary>
    internal static (string Title, string Text) NoticeText(ConsentReceipt receipt, ReceiptShown shown)
    {
        if (receipt.Event == ConsentEvent.Erased || shown.Strings is not { } strings)
        {
            return ("", "");
        }
        var definition = shown.Definition;
        if (shown.Service is { } service)
        {
            // A service's own opt-out page: its words are a group of the wording, named after the service.
            return strings.ServiceOptOut is { } optOut
                ? (optOut.Title.Replace("{0}", service, StringComparison.Ordinal), optOut.Intro.Replace("{0}", service, StringComparison.Ordinal))
                : ("", "");
        }
        var (title, text) = receipt switch
        {
            { Control: ConsentControl.DoNotSell } => (strings.DoNotSellTitle, strings.DoNotSellText),
            { Surface: ConsentSurface.SdkPreferences or ConsentSurface.Hosted } => (strings.PreferencesTitle, strings.PreferencesIntro),
            // The banner's text depends on the regime, which only the revision knows.
            _ => (strings.BannerTitle, definition switch
            {
                null => "",
                { Regime: ConsentRegime.OptIn } => strings.BannerTextOptIn,
                _ => strings.BannerTextOptOut,
            }),
        };
        return (WithSiteName(title, definition), WithSiteName(text, definition));
    }

    // The built-in strings name the site as {0}: replaced (not formatted, so a stored wording's braces cannot throw) by
    // the name the revision gave it; without the revision a text that names the site cannot be shown as it was.
    private static string WithSiteName(string text, SiteDefinition? definition) =>
        !text.Contains("{0}", StringComparison.Ordinal) ? text
        : definition is null ? ""
        : text.Replace("{0}", definition.DisplayName, StringComparison.Ordinal);

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    // The wire names of the contract's enums (their JsonStringEnumMemberName), "unknown" for receipts from before them.
    internal static string Name<T>(T? value) where T : struct, Enum =>
        value is { } v ? JsonSerializer.Serialize(v, typeof(T), ConsentJsonContext.Default).Trim('"') : "unknown";

    internal static string CollectionMethod(ConsentReceipt receipt) => (receipt.Surface, receipt.Source) switch
    {
        (ConsentSurface.SdkBanner, _) or (null, ConsentSource.Banner) => "Cookie banner on the site",
        (ConsentSurface.SdkPreferences, _) or (null, ConsentSource.Preferences) => "Cookie settings page on the site",
        (ConsentSurface.Hosted, _) or (null, ConsentSource.Hosted) => "Hosted consent page",
        (ConsentSurface.Service, _) => "A service's opt-out page",
        _ when receipt.Source == ConsentSource.Signal => "Browser signal (Global Privacy Control)",
        _ => "Consent API",
    };
}
