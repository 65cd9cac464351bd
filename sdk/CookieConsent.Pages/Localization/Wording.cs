using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CookieConsent.Pages;

/// <summary>
/// The version of the built-in wording: a content hash of every built-in string in every locale, so a receipt that
/// names it (with the site's notice revision) reproduces each word the visitor was shown. Canonical JSON as for notice
/// revisions: <c>{locale: {member: text}}</c>, members sorted by ordinal name, no whitespace, UTF-8; the version is the
/// first 16 bytes of its SHA-256 in lower-case hex. Any change to any string is a new version, with nothing to bump.
/// </summary>
public static class Wording
{
    private static readonly Lazy<(string Version, byte[] Json)> s_current = new(() =>
    {
        var json = Canonical(BuiltInStrings.Locales.ToDictionary(l => l, BuiltInStrings.For, StringComparer.Ordinal));
        return (VersionOf(json), json);
    });

    /// <summary>The version of the wording this build renders.</summary>
    public static string Version => s_current.Value.Version;

    /// <summary>The canonical JSON of the wording this build renders (what a server stores under <see cref="Version"/>).</summary>
    public static ReadOnlyMemory<byte> Json => s_current.Value.Json;

    /// <summary>The version of canonical wording JSON.</summary>
    public static string VersionOf(ReadOnlySpan<byte> canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(canonicalJson).AsSpan(0, 16));

    /// <summary>
    /// The strings per locale stored as <paramref name="canonicalJson"/> (an older wording included). A wording stored by
    /// an older build lacks the strings added since; they read as empty, so what it did have is still reproduced.
    /// </summary>
    /// <exception cref="JsonException">Not wording JSON.</exception>
    public static IReadOnlyDictionary<string, ConsentStrings> Parse(ReadOnlySpan<byte> canonicalJson)
    {
        if (JsonNode.Parse(canonicalJson) is not JsonObject locales)
        {
            throw new JsonException("Wording JSON is not an object.");
        }
        foreach (var (_, strings) in locales)
        {
            if (strings is JsonObject members)
            {
                foreach (var member in s_members.Value.Where(m => !members.ContainsKey(m)))
                {
                    members[member] = "";
                }
            }
        }
        return locales.Deserialize(WordingJsonContext.Default.DictionaryStringConsentStrings)
            ?? throw new JsonException("Wording JSON is null.");
    }

    // Every plain string member this build's strings have, by wire name (a group of strings added since, such as the
    // service opt-out page's, is left out and reads as absent).
    private static readonly Lazy<string[]> s_members = new(() =>
        [.. JsonNode.Parse(Json.Span)![BuiltInStrings.Fallback]!.AsObject().Where(p => p.Value is JsonValue).Select(p => p.Key)]);

    /// <summary>The strings of <paramref name="locale"/> in a stored wording, falling back to English.</summary>
    public static ConsentStrings For(IReadOnlyDictionary<string, ConsentStrings> wording, string? locale)
    {
        ArgumentNullException.ThrowIfNull(wording);
        return wording.TryGetValue(LocaleNegotiator.PrimaryLanguage(locale) ?? BuiltInStrings.Fallback, out var strings)
            ? strings
            : wording[BuiltInStrings.Fallback];
    }

    private static byte[] Canonical(Dictionary<string, ConsentStrings> wording)
    {
        var node = JsonSerializer.SerializeToNode(wording, WordingJsonContext.Default.DictionaryStringConsentStrings)!;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            writer.WriteStartObject();
            foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                Write(writer, value);
            }
            writer.WriteEndObject();
        }
        else if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, ConsentStrings>))]
internal sealed partial class WordingJsonContext : JsonSerializerContext;
