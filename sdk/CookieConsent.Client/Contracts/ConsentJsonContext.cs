using System.Text.Json;
using System.Text.Json.Serialization;

namespace CookieConsent.Client.Contracts;

/// <summary>
/// Source-generated JSON metadata for every wire type (web defaults: camelCase, enums as strings). A repeated member is
/// an error in either direction; members this version does not know are skipped, so an SDK keeps reading the answers
/// of a newer server (the server itself refuses unknown members in requests).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(SiteDefinition))]
[JsonSerializable(typeof(SiteResponse))]
[JsonSerializable(typeof(SiteRevisionList))]
[JsonSerializable(typeof(SiteRevision))]
[JsonSerializable(typeof(PolicyResponse))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(ConsentState))]
[JsonSerializable(typeof(RecordConsentRequest))]
[JsonSerializable(typeof(RecordConsentResponse))]
[JsonSerializable(typeof(ConsentDecisions))]
[JsonSerializable(typeof(VerifyTokenRequest))]
[JsonSerializable(typeof(ConsentReceipt))]
[JsonSerializable(typeof(ReceiptExport))]
[JsonSerializable(typeof(ReceiptNotices))]
[JsonSerializable(typeof(SiteDayVerification))]
[JsonSerializable(typeof(ConsentControl))]
[JsonSerializable(typeof(ConsentEvent))]
[JsonSerializable(typeof(ConsentSurface))]
[JsonSerializable(typeof(SiteStats))]
[JsonSerializable(typeof(PrivacyRequestLog))]
[JsonSerializable(typeof(PrivacyRequestLogEntry))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(ServiceDefinition))]
[JsonSerializable(typeof(ServiceResponse))]
[JsonSerializable(typeof(SyncExchangeRequest))]
[JsonSerializable(typeof(SyncExchangeResponse))]
[JsonSerializable(typeof(ServiceReceiptExport))]
[JsonSerializable(typeof(HostedReferenceRequest))]
[JsonSerializable(typeof(HostedReferenceResponse))]
public sealed partial class ConsentJsonContext : JsonSerializerContext;
