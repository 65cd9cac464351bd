using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace CookieConsent.Client.Contracts;

/// <summary>Shapes of the ids used on the wire.</summary>
public static partial class ConsentIds
{
    /// <summary>Raw size of a generated visitor id: 128 bits.</summary>
    public const int VisitorIdBytes = 16;

    /// <summary>Whether <paramref name="id"/> is a site id: <c>[a-z0-9-]{1,64}</c>.</summary>
    public static bool IsValidSite(string? id) => id is not null && SiteId().IsMatch(id);

    /// <summary>Whether <paramref name="id"/> is a category id: <c>[a-z0-9-]{1,32}</c>.</summary>
    public static bool IsValidCategory(string? id) => id is not null && CategoryId().IsMatch(id);

    /// <summary>Whether <paramref name="id"/> is a visitor id: base64url of 16 to 32 random bytes, canonical.</summary>
    public static bool IsValidVisitor(string? id)
    {
        // Every request on a visitor's route asks this: decoded and re-encoded on the stack, nothing allocated.
        Span<byte> raw = stackalloc byte[MaxVisitorIdBytes];
        return TryDecodeVisitor(id, raw, out _);
    }

    /// <summary>A new random visitor id (128 bits, base64url).</summary>
    public static string NewVisitorId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(VisitorIdBytes));

    internal static bool TryDecodeVisitor(string? id, out byte[] raw)
    {
        Span<byte> buffer = stackalloc byte[MaxVisitorIdBytes];
        raw = TryDecodeVisitor(id, buffer, out var length) ? buffer[..length].ToArray() : [];
        return raw.Length > 0;
    }

    // The largest visitor id: 32 bytes, 43 characters.
    private const int MaxVisitorIdBytes = 32;

    private static bool TryDecodeVisitor(string? id, Span<byte> raw, out int length)
    {
        length = 0;
        if (id is null || id.Length is < 22 or > 43 || !VisitorId().IsMatch(id))
        {
            return false;
        }
        try
        {
            // Returns false only when the buffer is too small; input that is not base64url throws.
            if (!Base64Url.TryDecodeFromChars(id, raw, out length) || length is < VisitorIdBytes or > MaxVisitorIdBytes)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }
        // Canonical form only, so one visitor has exactly one spelling (an encoding that does not fit is not it).
        Span<char> canonical = stackalloc char[id.Length];
        return Base64Url.TryEncodeToChars(raw[..length], canonical, out var written) && canonical[..written].SequenceEqual(id);
    }

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "shop\n" through.
    [GeneratedRegex("^[a-z0-9-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SiteId();

    [GeneratedRegex("^[a-z0-9-]{1,32}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryId();

    [GeneratedRegex("^[A-Za-z0-9_-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex VisitorId();
}
