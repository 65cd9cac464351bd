using CookieConsent.Core.Audit;
using CookieConsent.Core.Redis;

namespace CookieConsent.Server.Audit;

/// <summary>
/// Writes the audit entry of a change that has already been made (through the console or the admin API). The change
/// stands when the entry cannot be written; that is logged as an error so an operator can see a gap in the log.
/// </summary>
internal sealed class AuditTrail(AuditLog log, TimeProvider time, ILogger<AuditTrail> logger)
{
    /// <summary>The actor name of the admin API (the admin key has no id; the key itself is never recorded).</summary>
    public const string AdminApi = "admin-api";

    /// <summary>The actor name of a console session.</summary>
    public static string Console(string sessionId) => "console:" + sessionId;

    /// <summary>The actor name of a site API key.</summary>
    public static string Key(string keyId) => "key:" + keyId;

    public async Task RecordAsync(string site, string actor, string action, string summary, CancellationToken cancellationToken)
    {
        try
        {
            await log.AppendAsync(site, new AuditEntry(time.GetUtcNow(), actor, action, summary), cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            Log.AuditNotWritten(logger, site, action, ex.Message);
        }
    }
}
