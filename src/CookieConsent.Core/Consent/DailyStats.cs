namespace CookieConsent.Core.Consent;

/// <summary>A site's opt-ins and opt-outs per category and UTC day: one hash per day, a counter per category and answer.</summary>
internal static class DailyStats
{
    /// <summary>How long a day's counters are kept after its last write.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    /// <summary>The counter of one category's opt-ins or opt-outs.</summary>
    public static string Field(string category, bool allowed) => category + (allowed ? ":in" : ":out");
}
