namespace CookieConsent.Core.Redis;

/// <summary>
/// The whole Redis key layout. A visitor's keys share the hash tag <c>{site:visitor}</c> (one cluster slot, so one
/// Lua script can update them); a site's keys share <c>{site}</c> and are never touched by a visitor's script.
/// </summary>
public static class Keys
{
    /// <summary>The visitor's current consent (JSON, TTL = consent lifetime).</summary>
    public static string Consent(string site, string visitor) => $"cc:{{{site}:{visitor}}}:consent";

    /// <summary>The visitor's receipts (append-only list of JSON).</summary>
    public static string Receipts(string site, string visitor) => $"cc:{{{site}:{visitor}}}:receipts";

    /// <summary>The site's definition (JSON).</summary>
    public static string Site(string site) => $"cc:{{{site}}}:site";

    /// <summary>The site's API keys: key id → hash.</summary>
    public static string ApiKeys(string site) => $"cc:{{{site}}}:keys";

    /// <summary>When each of the site's API keys was created: key id → Unix milliseconds.</summary>
    public static string ApiKeysCreated(string site) => $"cc:{{{site}}}:keys:created";

    /// <summary>When each of the site's API keys was last used (at most a minute behind): key id → Unix milliseconds.</summary>
    public static string ApiKeysUsed(string site) => $"cc:{{{site}}}:keys:used";

    /// <summary>The site's audit log (list of JSON, newest first).</summary>
    public static string Audit(string site) => $"cc:{{{site}}}:audit";

    /// <summary>The ids of every site (a set), for the operator console's list.</summary>
    public static string SiteIndex() => "cc:sites";

    /// <summary>The site's counters for one UTC day: <c>{category}:in</c> / <c>{category}:out</c> → count.</summary>
    public static string DailyStats(string site, DateOnly day) => $"cc:{{{site}}}:stats:{day:yyyyMMdd}";
}
