using System.Text.Encodings.Web;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.Server.HostedPages;

/// <summary>
/// A visitor's consent receipts as one JSON document following the record structure of ISO/IEC TS 27560:2023 (a
/// consent record per change, each naming the notice shown, its language, the event and the PII principal), with the
/// Kantara Consent Receipt 1.1 names where that specification has one (<c>piiControllers</c>, <c>onBehalf</c>,
/// <c>purposes</c>, <c>piiCategory</c>, <c>thirdPartyDisclosure</c>, <c>consentReceiptID</c>, …). Each record shows the
/// words of the revision and wording version it names, in the locale it was shown in — never today's texts.
/// </summary>
internal static class ConsentReceiptDocument
{
    /// <summary>The structure this document follows.</summary>
    public const string Version = "ISO/IEC TS 27560:2023; KI-CR-v1.1.0";

    /// <summary>What one receipt was shown, as far as it can be reproduced.</summary>
    /// <param name="Definition">The revision's definition (the current one when the receipt names none or it is gone).</param>
    /// <param name="Strings">The wording's strings in the receipt's locale (today's when the receipt names none).</param>
    /// <param name="Reproduced">Both the revision and the wording named by the receipt were found.</param>
    public sealed record Shown(SiteDefinition Definition, ConsentStrings Strings, bool Reproduced);

    public static byte[] Write(string site, SiteDefinition current, IReadOnlyList<ConsentReceipt> receipts, Func<ConsentReceipt, Shown> shown)
    {
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
                WriteRecord(json, receipt, shown(receipt));
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

    private static void WriteRecord(Utf8JsonWriter json, ConsentReceipt receipt, Shown shown)
    {
        var (definition, strings, reproduced) = shown;
        var locale = receipt.Locale ?? strings.Locale;
        json.WriteStartObject();
        json.WriteString("consentReceiptID", receipt.Id);
        json.WriteNumber("consentTimestamp", receipt.Timestamp.ToUnixTimeSeconds());
        json.WriteString("timestamp", receipt.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("event", Name(receipt.Event));
        json.WriteString("collectionMethod", CollectionMethod(receipt));
        json.WriteString("control", Name(receipt.Control));
        json.WriteString("surface", Name(receipt.Surface));
        json.WriteString("language", locale);
        json.WriteNumber("policyVersion", receipt.PolicyVersion);

        json.WriteStartObject("notice");
        WriteOrNull(json, "revision", receipt.Revision);
        WriteOrNull(json, "wording", receipt.Wording);
        json.WriteBoolean("reproduced", reproduced);
        var (title, text) = NoticeText(receipt, definition, strings);
        json.WriteString("title", title);
        json.WriteString("text", text);
        json.WriteEndObject();

        json.WriteStartArray("purposes");
        if (receipt.Event != ConsentEvent.Erased)
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
                    : $"Until {receipt.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} or withdrawal on the site's cookie settings page.");
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

    // The heading and text of the surface the visitor used, in the words of the wording version the receipt names.
    private static (string Title, string Text) NoticeText(ConsentReceipt receipt, SiteDefinition definition, ConsentStrings strings) =>
        receipt switch
        {
            { Event: ConsentEvent.Erased } => ("", ""),
            { Control: ConsentControl.DoNotSell } => (strings.DoNotSellTitle, strings.DoNotSellText),
            { Surface: ConsentSurface.SdkPreferences or ConsentSurface.Hosted } => (strings.PreferencesTitle, strings.PreferencesIntro),
            _ => (strings.BannerTitle, definition.Regime == ConsentRegime.OptIn ? strings.BannerTextOptIn : strings.BannerTextOptOut),
        };

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
    private static string Name<T>(T? value) where T : struct, Enum =>
        value is { } v ? JsonSerializer.Serialize(v, typeof(T), ConsentJsonContext.Default).Trim('"') : "unknown";

    private static string CollectionMethod(ConsentReceipt receipt) => (receipt.Surface, receipt.Source) switch
    {
        (ConsentSurface.SdkBanner, _) or (null, ConsentSource.Banner) => "Cookie banner on the site",
        (ConsentSurface.SdkPreferences, _) or (null, ConsentSource.Preferences) => "Cookie settings page on the site",
        (ConsentSurface.Hosted, _) or (null, ConsentSource.Hosted) => "Hosted consent page",
        (ConsentSurface.Service, _) => "A service's opt-out page",
        _ when receipt.Source == ConsentSource.Signal => "Browser signal (Global Privacy Control)",
        _ => "Consent API",
    };
}
