using System.Text.Json;
using System.Text.Json.Nodes;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Core.Audit;

/// <summary>
/// Describes what changed between two site definitions in one line, by comparing their JSON: a field added to the
/// contract later is covered without touching this class.
/// </summary>
public static class SiteChanges
{
    /// <summary>For example <c>changed displayName, regime; added category ads; changed category analytics</c>.</summary>
    public static string Describe(SiteDefinition? before, SiteDefinition after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var next = ToJson(after);
        if (before is null)
        {
            var ids = ((JsonArray?)next["categories"])?.Select(c => (string?)c?["id"]) ?? [];
            return "created with categories " + string.Join(", ", ids);
        }
        var previous = ToJson(before);
        var parts = new List<string>();
        var fields = previous.Select(p => p.Key).Union(next.Select(p => p.Key))
            .Where(name => name != "categories" && !JsonNode.DeepEquals(previous[name], next[name]))
            .ToList();
        if (fields.Count > 0)
        {
            parts.Add("changed " + string.Join(", ", fields));
        }
        var oldCategories = Categories(previous);
        var newCategories = Categories(next);
        foreach (var id in newCategories.Keys.Except(oldCategories.Keys))
        {
            parts.Add("added category " + id);
        }
        foreach (var id in oldCategories.Keys.Except(newCategories.Keys))
        {
            parts.Add("removed category " + id);
        }
        foreach (var id in newCategories.Keys.Intersect(oldCategories.Keys))
        {
            var changed = ((JsonObject)newCategories[id]!).Select(p => p.Key)
                .Union(((JsonObject)oldCategories[id]!).Select(p => p.Key))
                .Where(name => !JsonNode.DeepEquals(oldCategories[id]![name], newCategories[id]![name]))
                .ToList();
            if (changed.Count > 0)
            {
                parts.Add($"changed category {id} ({string.Join(", ", changed)})");
            }
        }
        if (!oldCategories.Keys.Where(newCategories.ContainsKey).SequenceEqual(newCategories.Keys.Where(oldCategories.ContainsKey)))
        {
            parts.Add("reordered categories");
        }
        return parts.Count == 0 ? "saved without changes" : string.Join("; ", parts);
    }

    private static JsonObject ToJson(SiteDefinition definition) =>
        JsonSerializer.SerializeToNode(definition, ConsentJsonContext.Default.SiteDefinition)!.AsObject();

    private static Dictionary<string, JsonNode?> Categories(JsonObject site)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var category in (JsonArray?)site["categories"] ?? [])
        {
            if ((string?)category?["id"] is { } id)
            {
                result.TryAdd(id, category);
            }
        }
        return result;
    }
}
