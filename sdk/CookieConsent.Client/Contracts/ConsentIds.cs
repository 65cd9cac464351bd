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
    public static bool IsValidVisitor(string? id) => TryDecodeVisitor(id, out _);

    /// <summary>A new random visitor id (128 bits, base64url).</summary>
    public static string NewVisitorId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(VisitorIdBytes));

    internal static bool TryDecodeVisitor(string? id, out byte[] raw)
    {
        raw = [];
        if (id is null || id.Length is < 22 or > 43 || !VisitorId().IsMatch(id))
        {
            return false;
        }
        try
        {
            raw = Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return false;
        }
        // Canonical form only, so one visitor has exactly one spelling.
        return raw.Length is >= VisitorIdBytes and <= 32 && Base64Url.EncodeToString(raw) == id;
    }

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "shop\n" through.
    [GeneratedRegex("^[a-z0-9-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SiteId();

    [GeneratedRegex("^[a-z0-9-]{1,32}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryId();

    [GeneratedRegex("^[A-Za-z0-9_-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex VisitorId();
}
