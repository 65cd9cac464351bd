using System.Text.Encodings.Web;
using System.Text.Json;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.HostedPages;

/// <summary>
/// A visitor's consent receipt as JSON shaped after the Kantara Initiative Consent Receipt Specification (v1.1):
/// the top-level receipt fields describe the latest choice, one purpose per category; <c>history</c> holds every
/// change (our own receipts) so the download is also the visitor's Art. 15/20 export.
/// </summary>
internal static class ConsentReceiptDocument
{
    /// <summary>The specification version this document follows.</summary>
    public const string Version = "KI-CR-v1.1.0";

    public static byte[] Write(string site, SiteDefinition definition, string locale, IReadOnlyList<ConsentReceipt> receipts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(receipts.Count);
        var latest = receipts[^1];
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
            json.WriteString("jurisdiction", definition.Regime == ConsentRegime.OptIn ? "EU GDPR" : "US-CA CCPA/CPRA");
            json.WriteNumber("consentTimestamp", latest.Timestamp.ToUnixTimeSeconds());
            json.WriteString("collectionMethod", CollectionMethod(latest.Source));
            json.WriteString("consentReceiptID", latest.Id);
            json.WriteString("language", locale);
            json.WriteString("piiPrincipalId", latest.Visitor);

            json.WriteStartArray("piiControllers");
            json.WriteStartObject();
            json.WriteString("piiController", definition.DisplayName);
            json.WriteString("onBehalf", site);
            if (definition.PolicyUrl is { } policy)
            {
                json.WriteString("piiControllerUrl", policy);
            }
            json.WriteEndObject();
            json.WriteEndArray();
            if (definition.PolicyUrl is { } policyUrl)
            {
                json.WriteString("policyUrl", policyUrl);
            }
            json.WriteNumber("policyVersion", latest.PolicyVersion);

            json.WriteStartArray("services");
            json.WriteStartObject();
            json.WriteString("service", definition.DisplayName);
            json.WriteStartArray("purposes");
            foreach (var category in definition.Categories)
            {
                var text = Pages.CategoryTexts.Resolve(category, locale, definition.DefaultLocale);
                var allowed = category.Required || latest.Choices.GetValueOrDefault(category.Id);
                json.WriteStartObject();
                json.WriteString("purpose", text.Name);
                json.WriteStartArray("purposeCategory");
                json.WriteStringValue(category.Id);
                json.WriteEndArray();
                // Required categories rest on necessity, not on consent; every other one on an explicit choice.
                json.WriteString("consentType", category.Required ? "NOT-REQUIRED" : "EXPLICIT");
                json.WriteBoolean("consentGiven", allowed);
                json.WriteStartArray("piiCategory");
                foreach (var cookie in category.Cookies)
                {
                    json.WriteStringValue(cookie);
                }
                json.WriteEndArray();
                json.WriteBoolean("primaryPurpose", category.Required);
                json.WriteString("termination", category.Required
                    ? "When the session or the cookie ends."
                    : $"Until {latest.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} or withdrawal on the site's cookie settings page.");
                json.WriteBoolean("thirdPartyDisclosure", category.SaleOrSharing);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteBoolean("sensitive", false);
            json.WriteStartArray("spiCat");
            json.WriteEndArray();

            json.WriteStartObject("signals");
            json.WriteBoolean("doNotTrack", latest.Signals.DoNotTrack);
            json.WriteBoolean("globalPrivacyControl", latest.Signals.GlobalPrivacyControl);
            json.WriteEndObject();

            json.WriteStartArray("history");
            foreach (var receipt in receipts)
            {
                JsonSerializer.Serialize(json, receipt, ConsentJsonContext.Default.ConsentReceipt);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string CollectionMethod(ConsentSource source) => source switch
    {
        ConsentSource.Banner => "Cookie banner on the site",
        ConsentSource.Preferences => "Cookie settings page on the site",
        ConsentSource.Hosted => "Hosted consent page",
        _ => "Consent API",
    };
}
