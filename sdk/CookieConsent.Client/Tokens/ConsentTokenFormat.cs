using System.Buffers.Binary;
using System.Text;
using CookieConsent.Contracts;

namespace CookieConsent.Tokens;

/// <summary>
/// The compact binary layout of <see cref="ConsentTokenPayload"/> (before protection):
/// <c>version(1) siteLen(1) site visitorLen(1) visitor fingerprint(4) bits(8) policy(4) issued(4) expires(4) signals(1)</c>.
/// Times are unsigned 32-bit Unix seconds (good until 2106). Reading is strict: any deviation yields <see langword="false"/>.
/// </summary>
public static class ConsentTokenFormat
{
    /// <summary>The layout version written first; bump it when the layout changes.</summary>
    public const byte Version = 1;

    /// <summary>Longest protected cookie value accepted before any cryptography is attempted.</summary>
    public const int MaxTokenLength = 1024;

    private const byte DoNotTrackFlag = 1;
    private const byte GlobalPrivacyControlFlag = 2;

    /// <summary>Serialises a payload.</summary>
    public static byte[] Write(ConsentTokenPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!ConsentIds.IsValidSite(payload.Site) || !ConsentIds.TryDecodeVisitor(payload.Visitor, out var visitor))
        {
            throw new ArgumentException("The payload's site or visitor id is malformed.", nameof(payload));
        }
        var site = Encoding.ASCII.GetBytes(payload.Site);
        var buffer = new byte[1 + 1 + site.Length + 1 + visitor.Length + 4 + 8 + 4 + 4 + 4 + 1];
        var span = buffer.AsSpan();
        var at = 0;
        span[at++] = Version;
        span[at++] = (byte)site.Length;
        site.CopyTo(span[at..]);
        at += site.Length;
        span[at++] = (byte)visitor.Length;
        visitor.CopyTo(span[at..]);
        at += visitor.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], payload.CategoryFingerprint);
        at += 4;
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], payload.AllowedBits);
        at += 8;
        BinaryPrimitives.WriteInt32BigEndian(span[at..], payload.PolicyVersion);
        at += 4;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], checked((uint)payload.IssuedAt.ToUnixTimeSeconds()));
        at += 4;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], checked((uint)payload.ExpiresAt.ToUnixTimeSeconds()));
        at += 4;
        span[at] = (byte)((payload.Signals.DoNotTrack ? DoNotTrackFlag : 0)
            | (payload.Signals.GlobalPrivacyControl ? GlobalPrivacyControlFlag : 0));
        return buffer;
    }

    /// <summary>Parses a payload; <see langword="false"/> for anything that is not exactly a valid layout.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out ConsentTokenPayload? payload)
    {
        payload = null;
        if (data.Length < 2 || data[0] != Version)
        {
            return false;
        }
        var at = 1;
        int siteLength = data[at++];
        if (data.Length < at + siteLength + 1)
        {
            return false;
        }
        var site = Encoding.ASCII.GetString(data.Slice(at, siteLength));
        at += siteLength;
        int visitorLength = data[at++];
        if (data.Length != at + visitorLength + 4 + 8 + 4 + 4 + 4 + 1)
        {
            return false;
        }
        var visitor = System.Buffers.Text.Base64Url.EncodeToString(data.Slice(at, visitorLength));
        at += visitorLength;
        var fingerprint = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        at += 4;
        var bits = BinaryPrimitives.ReadUInt64BigEndian(data[at..]);
        at += 8;
        var policy = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
        at += 4;
        var issued = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        at += 4;
        var expires = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        at += 4;
        var flags = data[at];

        if (!ConsentIds.IsValidSite(site) || !ConsentIds.IsValidVisitor(visitor) || policy < 0
            || (flags & ~(DoNotTrackFlag | GlobalPrivacyControlFlag)) != 0
            || expires < issued)
        {
            return false;
        }
        payload = new ConsentTokenPayload(site, visitor, fingerprint, bits, policy,
            DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(expires),
            new ConsentSignals((flags & DoNotTrackFlag) != 0, (flags & GlobalPrivacyControlFlag) != 0));
        return true;
    }
}
