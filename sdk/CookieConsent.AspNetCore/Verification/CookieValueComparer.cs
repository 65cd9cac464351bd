using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace CookieConsent.AspNetCore.Verification;

/// <summary>
/// Ordinal equality for cookie values, hashed with XxHash3 under a random per-process seed: several times cheaper
/// than the string's own (Marvin) hash over a value of a few hundred characters, and as unpredictable to a client
/// that would send values crafted to collide. Equality is always the full ordinal compare, so a collision costs
/// time only, never a wrong answer. Looks values up as spans too, straight out of the <c>Cookie</c> header.
/// </summary>
internal sealed class CookieValueComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    public static readonly CookieValueComparer Instance = new();

    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    private CookieValueComparer()
    {
    }

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj) => GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<char> alternate) =>
        (int)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(alternate), _seed);

    public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();
}
