using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Core.Sites;

/// <summary>
/// The content hash that names a notice revision. Canonical JSON: the definition as the wire contract writes it
/// (camelCase, nulls left out, defaults written), object members sorted by ordinal name at every depth, array order
/// kept (it is display order), no whitespace, UTF-8. The hash is SHA-256 of those bytes, the first 16 bytes in
/// lower-case hex: the same definition always has the same name, whatever order its members arrived in.
/// </summary>
public static class SiteRevisions
{
    /// <summary>Length of a revision hash in hex digits.</summary>
    public const int HashLength = 32;

    /// <summary>The canonical JSON of <paramref name="definition"/>, UTF-8.</summary>
    public static byte[] Canonical(SiteDefinition definition)
    {
        var node = JsonSerializer.SerializeToNode(definition, Client.Contracts.ConsentJsonContext.Default.SiteDefinition);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            Write(writer, node);
        }
        return buffer.ToArray();
    }

    /// <summary>The revision hash of <paramref name="definition"/>.</summary>
    public static string Hash(SiteDefinition definition) => HashOf(Canonical(definition));

    /// <summary>The revision hash of canonical bytes.</summary>
    public static string HashOf(ReadOnlySpan<byte> canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(canonical).AsSpan(0, HashLength / 2));

    /// <summary>Whether <paramref name="value"/> has the shape of a revision hash.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: HashLength } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The highest policy version a definition declares (what a revision is listed under).</summary>
    public static int PolicyVersionOf(SiteDefinition definition) =>
        definition.PolicyVersions.Count == 0 ? 0 : definition.PolicyVersions.Max(v => v.Version);

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    internal static string Text(byte[] canonical) => Encoding.UTF8.GetString(canonical);
}
