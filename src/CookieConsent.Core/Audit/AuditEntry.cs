using System.Text.Json.Serialization;

namespace CookieConsent.Core.Audit;

/// <summary>One change to a site, as the audit log keeps it.</summary>
/// <param name="At">When the change was made.</param>
/// <param name="Actor">Who made it: <c>admin-api</c>, <c>key:{keyId}</c> or <c>console:{sessionId}</c> — never a key itself.</param>
/// <param name="Action">What kind of change: see <see cref="AuditActions"/>.</param>
/// <param name="Summary">What changed, in a line (field names and ids, never secrets or personal data).</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Summary);

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    /// <summary>A site was created.</summary>
    public const string SiteCreated = "site.created";

    /// <summary>A site's definition changed.</summary>
    public const string SiteChanged = "site.changed";

    /// <summary>A policy version was scheduled.</summary>
    public const string PolicyScheduled = "policy.scheduled";

    /// <summary>A scheduled policy version was cancelled.</summary>
    public const string PolicyCancelled = "policy.cancelled";

    /// <summary>An API key was created.</summary>
    public const string KeyCreated = "key.created";

    /// <summary>An API key was revoked.</summary>
    public const string KeyRevoked = "key.revoked";

    /// <summary>A visitor's consent and receipts were erased.</summary>
    public const string VisitorErased = "visitor.erased";

    /// <summary>A service the site belongs to (or belonged to) was created or changed.</summary>
    public const string ServiceChanged = "service.changed";

    /// <summary>The service the site belonged to was deleted.</summary>
    public const string ServiceDeleted = "service.deleted";
}

[JsonSerializable(typeof(AuditEntry))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
