using System.Globalization;
using StackExchange.Redis;

namespace CookieConsent.Core.Consent;

/// <summary>
/// A site's opt-ins and opt-outs per category and UTC day: one hash per day, a counter per choice a receipt made (its
/// field names each category's answer, e.g. <c>analytics:in marketing:out</c>), so a write moves one counter however
/// many categories the site has. Days written before counted each category's answer on its own (<c>analytics:in</c>):
/// a field of one answer, read the same way.
/// </summary>
internal static class DailyStats
{
    /// <summary>How long a day's counters are kept after its last write, at least.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    /// <summary>The counter of one receipt's choices: each category's answer, in ordinal order, separated by spaces.</summary>
    public static string Field(IReadOnlyDictionary<string, bool> choices)
    {
        var categories = new string[choices.Count];
        var i = 0;
        foreach (var category in choices.Keys)
        {
            categories[i++] = category;
        }
        Array.Sort(categories, StringComparer.Ordinal);
        for (i = 0; i < categories.Length; i++)
        {
            categories[i] = Answer(categories[i], choices[categories[i]]);
        }
        return string.Join(' ', categories);
    }

    /// <summary>A day's opt-ins and opt-outs per category answer (<c>analytics:in</c>), summed over the day's counters.</summary>
    public static Dictionary<string, long> Sum(HashEntry[] counters)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var counter in counters)
        {
            var count = long.Parse((string)counter.Value!, CultureInfo.InvariantCulture);
            foreach (var answer in ((string)counter.Name!).Split(' '))
            {
                sums[answer] = sums.GetValueOrDefault(answer) + count;
            }
        }
        return sums;
    }

    /// <summary>The answer one category was given, as counted: <c>analytics:in</c> or <c>analytics:out</c>.</summary>
    public static string Answer(string category, bool allowed) => category + (allowed ? ":in" : ":out");
}
