using System.Text.Json;
using System.Text.Json.Serialization;

namespace CookieConsent.Contracts;

/// <summary>Source-generated JSON metadata for every wire type (web defaults: camelCase, enums as strings).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(SiteDefinition))]
[JsonSerializable(typeof(SiteResponse))]
[JsonSerializable(typeof(PolicyResponse))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(ConsentState))]
[JsonSerializable(typeof(RecordConsentRequest))]
[JsonSerializable(typeof(RecordConsentResponse))]
[JsonSerializable(typeof(ConsentDecisions))]
[JsonSerializable(typeof(VerifyTokenRequest))]
[JsonSerializable(typeof(ConsentReceipt))]
[JsonSerializable(typeof(ReceiptExport))]
[JsonSerializable(typeof(SiteStats))]
[JsonSerializable(typeof(PrivacyRequestLog))]
[JsonSerializable(typeof(PrivacyRequestLogEntry))]
[JsonSerializable(typeof(ProblemBody))]
public sealed partial class ConsentJsonContext : JsonSerializerContext;
