using System.Buffers.Text;
using System.Text;

namespace CookieConsent.Core.Consent;

/// <summary>
/// A site day's list of visitors as one append-only Redis string: each entry one length byte and the visitor id's raw
/// bytes (17 bytes for a generated id, where a set member costs about 80), or, for an id that is not canonical
/// base64url, the length with its top bit set and the id's UTF-8. Appending is O(1); entries are never removed (a
/// listed visitor with no receipt of that day adds nothing when the day is recomputed), and a reader drops repeats.
/// </summary>
internal static class VisitorIndex
{
    private const int TextFlag = 0x80;

    /// <summary>The entry that lists <paramref name="visitor"/>.</summary>
    public static byte[] Entry(string visitor)
    {
        if (visitor.Length <= 43 && Base64Url.IsValid(visitor, out var length) && length is > 0 and < TextFlag)
        {
            var raw = Base64Url.DecodeFromChars(visitor);
            if (Base64Url.EncodeToString(raw) == visitor)
            {
                return [(byte)raw.Length, .. raw];
            }
        }
        var utf8 = Encoding.UTF8.GetBytes(visitor);
        return utf8.Length < TextFlag
            ? [(byte)(TextFlag | utf8.Length), .. utf8]
            : throw new ArgumentException("A visitor id longer than the index holds.", nameof(visitor));
    }

    /// <summary>The visitors an index lists, in the order they were appended (repeats included); a truncated tail is ignored.</summary>
    public static IEnumerable<string> Read(byte[] index)
    {
        var visitors = new List<string>(index.Length / 17);
        for (var i = 0; i < index.Length;)
        {
            var length = index[i] & ~TextFlag;
            if (i + 1 + length > index.Length)
            {
                break;
            }
            var bytes = index.AsSpan(i + 1, length);
            visitors.Add((index[i] & TextFlag) != 0 ? Encoding.UTF8.GetString(bytes) : Base64Url.EncodeToString(bytes));
            i += 1 + length;
        }
        return visitors;
    }
}
