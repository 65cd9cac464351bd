using System.Text.Json;
using System.Text.Json.Serialization;
namespace CookieConsent.Client.Contracts;

/// <summary>
/// What an erasure keeps: when it happened and the visitor's refusals (which categories, since when, how). No IP, no
/// user agent, no receipt. A consent cookie issued before <see cref="ErasedAt"/> states nothing but these refusals.
/// </summary>
/// <param name="ErasedAt">When the visitor was erased.</param>
/// <param name="Refusals">The refusals that outlive the erasure, by category id.</param>
public sealed record SuppressionRecord(DateTimeOffset ErasedAt, IReadOnlyDictionary<string, CategoryRefusal> Refusals)
{
    /// <summary>The refusals as a consent state (no grants): what a visitor erased after opting out still says.</summary>
    public ConsentState ToState() => new(
        Refusals.ToDictionary(r => r.Key, _ => false, StringComparer.Ordinal), 0,
        Refusals.Count == 0 ? ErasedAt : Refusals.Values.Min(r => r.Since), ErasedAt, ConsentSignals.None, ConsentSource.Api,
        ReceiptId: "", Refusals);

    /// <summary>
    /// <paramref name="state"/> as a cookie issued before this erasure still reads: its refusals and these, no grants.
    /// </summary>
    public ConsentState Restrict(ConsentState? state)
    {
        var refusals = new Dictionary<string, CategoryRefusal>(Refusals, StringComparer.Ordinal);
        if (state is not null)
        {
            foreach (var (category, allowed) in state.Choices)
            {
                if (!allowed)
                {
                    refusals.TryAdd(category, state.RefusalOf(category)!);
                }
            }
        }
        return (this with { Refusals = refusals }).ToState();
    }

    /// <summary>
    /// The Redis key of a visitor's suppression record, read by the server and by local verification alike (one
    /// visitor's keys share a hash slot).
    /// </summary>
    public static string RedisKey(string site, string visitor) => $"cc:{{{site}:{visitor}}}:suppression";

    /// <summary>The record as stored under <see cref="RedisKey"/>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SuppressionJsonContext.Default.SuppressionRecord);

    /// <summary>A record stored under <see cref="RedisKey"/>.</summary>
    /// <exception cref="JsonException">The value is not a suppression record.</exception>
    public static SuppressionRecord FromJson(string json) =>
        JsonSerializer.Deserialize(json, SuppressionJsonContext.Default.SuppressionRecord)
        ?? throw new JsonException("A suppression record is an object.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SuppressionRecord))]
internal sealed partial class SuppressionJsonContext : JsonSerializerContext;
