namespace CookieConsent.Core.Redis;

/// <summary>
/// The whole Redis key layout. A visitor's keys share the hash tag <c>{site:visitor}</c> (one cluster slot, so one
/// Lua script can update them); a site's keys share <c>{site}</c> and are never touched by a visitor's script.
/// </summary>
public static class Keys
{
    /// <summary>
    /// Everything stored for one visitor in one compact string (see <c>VisitorRecordCodec</c>): the chain's head, the
    /// current state (which carries its own lapse time) and the receipts. One expiry: as long as the receipts are kept
    /// (the consent lifetime plus the receipt retention after the last change; the receipt retention after an erasure).
    /// </summary>
    public static string Visitor(string site, string visitor) => $"cc:{{{site}:{visitor}}}:v";

    /// <summary>
    /// Old layout, still read until the visitor's next write moves it to <see cref="Visitor"/>: the visitor's current
    /// consent (JSON; TTL = the consent lifetime, or as long as receipts are kept when it holds a refusal).
    /// </summary>
    public static string Consent(string site, string visitor) => $"cc:{{{site}:{visitor}}}:consent";

    /// <summary>
    /// What an erasure kept (JSON <c>SuppressionRecord</c>): when it happened and which categories were refused since
    /// when — no IP, no user agent — so an erased visitor who opted out stays opted out.
    /// </summary>
    public static string Suppression(string site, string visitor) => Client.Contracts.SuppressionRecord.RedisKey(site, visitor);

    /// <summary>Old layout (read until moved, see <see cref="Consent"/>): the visitor's receipts (append-only list of JSON).</summary>
    public static string Receipts(string site, string visitor) => $"cc:{{{site}:{visitor}}}:receipts";

    /// <summary>
    /// Old layout (read until moved, see <see cref="Consent"/>): the hash of the visitor's newest receipt (the head of
    /// their chain; same TTL as the receipts).
    /// </summary>
    public static string ReceiptHead(string site, string visitor) => $"cc:{{{site}:{visitor}}}:head";

    /// <summary>
    /// The site's running digest of one UTC day's receipts (hash: <c>n</c> → count, <c>x</c> → XOR of the receipts'
    /// hashes, hex).
    /// </summary>
    public static string DayDigest(string site, DateOnly day) => $"cc:{{{site}}}:digest:{day:yyyyMMdd}";

    /// <summary>
    /// Older layout, still read: the visitors with a receipt on one UTC day (a set), for recomputing <see cref="DayDigest"/>.
    /// </summary>
    public static string DayDigestVisitors(string site, DateOnly day) => $"cc:{{{site}}}:digest:{day:yyyyMMdd}:v";

    /// <summary>
    /// The visitors with a receipt on one UTC day, for recomputing <see cref="DayDigest"/>: an append-only string of raw
    /// ids (<c>VisitorIndex</c>), a fifth of the set's memory per visitor.
    /// </summary>
    public static string DayDigestIndex(string site, DateOnly day) => $"cc:{{{site}}}:digest:{day:yyyyMMdd}:i";

    /// <summary>The site's definition (JSON).</summary>
    public static string Site(string site) => $"cc:{{{site}}}:site";

    /// <summary>
    /// The strings the site's visitor records have in common, named from their string tables by index (a list: a random
    /// epoch, then the strings, append-only and kept without TTL; see <c>SiteStrings</c>).
    /// </summary>
    public static string SiteStrings(string site) => $"cc:{{{site}}}:strings";

    /// <summary>
    /// One notice revision of the site: its definition's canonical JSON, immutable and kept without TTL (receipts name it
    /// for as long as they are kept).
    /// </summary>
    public static string SiteRevision(string site, string hash) => $"cc:{{{site}}}:rev:{hash}";

    /// <summary>The site's notice revisions (sorted set: revision hash → Unix ms when first accepted).</summary>
    public static string SiteRevisions(string site) => $"cc:{{{site}}}:revs";

    /// <summary>The site's API keys: key id → hash.</summary>
    public static string ApiKeys(string site) => $"cc:{{{site}}}:keys";

    /// <summary>The site's log of visitors' requests (sorted set: Unix ms → JSON entry, no personal data; 24 months).</summary>
    public static string RequestLog(string site) => $"cc:{{{site}}}:requests";

    /// <summary>When each of the site's API keys was created: key id → Unix milliseconds.</summary>
    public static string ApiKeysCreated(string site) => $"cc:{{{site}}}:keys:created";

    /// <summary>When each of the site's API keys was last used (at most a minute behind): key id → Unix milliseconds.</summary>
    public static string ApiKeysUsed(string site) => $"cc:{{{site}}}:keys:used";

    /// <summary>The site's audit log (list of JSON, newest first).</summary>
    public static string Audit(string site) => $"cc:{{{site}}}:audit";

    /// <summary>
    /// The strings of one built-in wording version (canonical JSON; no TTL: receipts name it for as long as they are
    /// kept, and the code that rendered it may be long gone).
    /// </summary>
    public static string Wording(string version) => $"cc:wording:{version}";

    /// <summary>Every wording version a server has run with (a set: version).</summary>
    public static string WordingVersions() => "cc:wordings";

    /// <summary>The ids of every site (a set), for the operator console's list.</summary>
    public static string SiteIndex() => "cc:sites";

    /// <summary>The site's counters for one UTC day: <c>{category}:in</c> / <c>{category}:out</c> → count.</summary>
    public static string DailyStats(string site, DateOnly day) => $"cc:{{{site}}}:stats:{day:yyyyMMdd}";

    /// <summary>A service's definition (JSON).</summary>
    public static string Service(string service) => $"cc:svc:{{{service}}}:service";

    /// <summary>The ids of every service (a set).</summary>
    public static string ServiceIndex() => "cc:services";

    /// <summary>The service a site belongs to (its id), in the site's slot.</summary>
    public static string SiteService(string site) => $"cc:{{{site}}}:service";

    /// <summary>
    /// A service-level visitor's opt-out (JSON: since when; no TTL beyond the receipt retention), in the service
    /// visitor's own slot.
    /// </summary>
    public static string ServiceOptOut(string service, string visitor) => $"cc:svc:{{{service}:{visitor}}}:optout";

    /// <summary>A sync bounce's single-use code (JSON: site, return URL, outcome; TTL at most 60 s; read with GETDEL).</summary>
    public static string SyncCode(string code) => $"cc:sync:{{{code}}}";
}
