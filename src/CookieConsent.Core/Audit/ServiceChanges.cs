using CookieConsent.Client.Contracts;

namespace CookieConsent.Core.Audit;

/// <summary>
/// Describes a service change as its member sites' audit logs show it: a service spans sites, and each site's log
/// says what the change means for that site (joined, left, or what changed in the service it belongs to).
/// </summary>
public static class ServiceChanges
{
    /// <summary>The sites whose log records a change from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static IReadOnlyList<string> AffectedSites(ServiceDefinition? before, ServiceDefinition? after) =>
        [.. (before?.Sites ?? []).Union(after?.Sites ?? [], StringComparer.Ordinal)];

    /// <summary>For example <c>service analytics-co: joined (opt-out covers analytics, marketing)</c>.</summary>
    public static string Describe(string service, ServiceDefinition? before, ServiceDefinition? after, string site)
    {
        var wasMember = before?.Sites.Contains(site, StringComparer.Ordinal) == true;
        var isMember = after?.Sites.Contains(site, StringComparer.Ordinal) == true;
        var prefix = "service " + service + ": ";
        if (after is null)
        {
            return prefix + "deleted";
        }
        if (!isMember)
        {
            return prefix + "left";
        }
        if (!wasMember)
        {
            return prefix + $"joined (opt-out covers {string.Join(", ", after.Categories)}; sync lifetime {after.SyncLifetimeDays} days)";
        }
        var changed = new List<string>();
        if (before!.DisplayName != after.DisplayName)
        {
            changed.Add("displayName");
        }
        if (!before.Categories.SequenceEqual(after.Categories, StringComparer.Ordinal))
        {
            changed.Add($"categories ({string.Join(", ", after.Categories)})");
        }
        if (before.SyncLifetimeDays != after.SyncLifetimeDays)
        {
            changed.Add($"syncLifetimeDays ({after.SyncLifetimeDays})");
        }
        if (!before.Sites.SequenceEqual(after.Sites, StringComparer.Ordinal))
        {
            changed.Add("sites");
        }
        return prefix + (changed.Count == 0 ? "saved without changes" : "changed " + string.Join(", ", changed));
    }
}
