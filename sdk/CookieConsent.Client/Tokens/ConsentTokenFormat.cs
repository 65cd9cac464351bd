using System.Buffers.Binary;
using System.Text;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Tokens;

/// <summary>
/// The compact binary layout of <see cref="ConsentTokenPayload"/> (before protection). Version 2, written:
/// <c>version(1)=2 siteLen(1) site visitorLen(1) visitor policy(4) issued(4) expires(4) signals(1) count(1)</c>, then
/// per choice <c>idLen(1) id flags(1) [refusedSince(4)]</c> (flags: 1 allowed, 2 refused by a recorded signal,
/// 4 refusedSince follows). Version 1, still read: <c>version(1)=1 siteLen(1) site visitorLen(1) visitor
/// fingerprint(4) bits(8) policy(4) issued(4) expires(4) signals(1)</c>. Times are unsigned 32-bit Unix seconds
/// (good until 2106). Reading is strict: any deviation yields <see langword="false"/>.
/// </summary>
public static class ConsentTokenFormat
{
    /// <summary>The layout version written first; bump it when the layout changes.</summary>
    public const byte Version = 2;

    /// <summary>The previous layout (one bit per category, tied to the category order by a fingerprint); read only.</summary>
    public const byte LegacyVersion = 1;

    /// <summary>
    /// Longest protected cookie value accepted before any cryptography is attempted: room for 64 categories keyed by
    /// id, and still inside a browser's 4096-byte cookie.
    /// </summary>
    public const int MaxTokenLength = 3900;

    private const byte DoNotTrackFlag = 1;
    private const byte GlobalPrivacyControlFlag = 2;

    private const byte AllowedFlag = 1;
    private const byte SignalFlag = 2;
    private const byte SinceFlag = 4;
    private const byte ServiceFlag = 8;

    /// <summary>Serialises a payload in the current layout.</summary>
    public static byte[] Write(ConsentTokenPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!ConsentIds.IsValidSite(payload.Site) || !ConsentIds.TryDecodeVisitor(payload.Visitor, out var visitor))
        {
            throw new ArgumentException("The payload's site or visitor id is malformed.", nameof(payload));
        }
        if (payload.Legacy is not null || payload.Choices.Count > ConsentTokenPayload.MaxCategories
            || payload.Choices.Any(c => !ConsentIds.IsValidCategory(c.Category) || (c.Allowed && (c.RefusedBySignal || c.RefusedByService || c.RefusedSince is not null))
                || (c.RefusedBySignal && c.RefusedByService))
            || payload.Choices.Select(c => c.Category).Distinct(StringComparer.Ordinal).Count() != payload.Choices.Count)
        {
            throw new ArgumentException("The payload's choices are malformed.", nameof(payload));
        }
        var site = Encoding.ASCII.GetBytes(payload.Site);
        var size = 1 + 1 + site.Length + 1 + visitor.Length + 4 + 4 + 4 + 1 + 1
            + payload.Choices.Sum(c => 1 + c.Category.Length + 1 + (c.RefusedSince is null ? 0 : 4));
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        var at = 0;
        span[at++] = Version;
        span[at++] = (byte)site.Length;
        site.CopyTo(span[at..]);
        at += site.Length;
        span[at++] = (byte)visitor.Length;
        visitor.CopyTo(span[at..]);
        at += visitor.Length;
        BinaryPrimitives.WriteInt32BigEndian(span[at..], payload.PolicyVersion);
        at += 4;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], Seconds(payload.IssuedAt));
        at += 4;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], Seconds(payload.ExpiresAt));
        at += 4;
        span[at++] = (byte)((payload.Signals.DoNotTrack ? DoNotTrackFlag : 0)
            | (payload.Signals.GlobalPrivacyControl ? GlobalPrivacyControlFlag : 0));
        span[at++] = (byte)payload.Choices.Count;
        foreach (var choice in payload.Choices)
        {
            span[at++] = (byte)choice.Category.Length;
            at += Encoding.ASCII.GetBytes(choice.Category, span[at..]);
            span[at++] = (byte)((choice.Allowed ? AllowedFlag : 0) | (choice.RefusedBySignal ? SignalFlag : 0)
                | (choice.RefusedByService ? ServiceFlag : 0)
                | (choice.RefusedSince is null ? 0 : SinceFlag));
            if (choice.RefusedSince is { } since)
            {
                BinaryPrimitives.WriteUInt32BigEndian(span[at..], Seconds(since));
                at += 4;
            }
        }
        return buffer;
    }

    /// <summary>Parses a payload of either layout; <see langword="false"/> for anything that is not exactly a valid layout.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out ConsentTokenPayload? payload)
    {
        payload = null;
        if (data.Length < 2 || data[0] is not (Version or LegacyVersion))
        {
            return false;
        }
        var version = data[0];
        var at = 1;
        int siteLength = data[at++];
        if (data.Length < at + siteLength + 1)
        {
            return false;
        }
        var site = Encoding.ASCII.GetString(data.Slice(at, siteLength));
        at += siteLength;
        int visitorLength = data[at++];
        var fixedTail = version == LegacyVersion ? 4 + 8 + 4 + 4 + 4 + 1 : 4 + 4 + 4 + 1 + 1;
        if (data.Length < at + visitorLength + fixedTail || (version == LegacyVersion && data.Length != at + visitorLength + fixedTail))
        {
            return false;
        }
        var visitor = System.Buffers.Text.Base64Url.EncodeToString(data.Slice(at, visitorLength));
        at += visitorLength;
        LegacyChoices? legacy = null;
        if (version == LegacyVersion)
        {
            legacy = new LegacyChoices(BinaryPrimitives.ReadUInt32BigEndian(data[at..]), BinaryPrimitives.ReadUInt64BigEndian(data[(at + 4)..]));
            at += 12;
        }
        var policy = BinaryPrimitives.ReadInt32BigEndian(data[at..]);
        at += 4;
        var issued = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        at += 4;
        var expires = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        at += 4;
        var flags = data[at++];

        if (!ConsentIds.IsValidSite(site) || !ConsentIds.IsValidVisitor(visitor) || policy < 0
            || (flags & ~(DoNotTrackFlag | GlobalPrivacyControlFlag)) != 0
            || expires < issued)
        {
            return false;
        }
        var choices = new List<TokenChoice>();
        if (legacy is null && !TryReadChoices(data[at..], choices))
        {
            return false;
        }
        payload = new ConsentTokenPayload(site, visitor, choices, policy,
            DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(expires),
            new ConsentSignals((flags & DoNotTrackFlag) != 0, (flags & GlobalPrivacyControlFlag) != 0))
        {
            Legacy = legacy,
        };
        return true;
    }

    private static bool TryReadChoices(ReadOnlySpan<byte> data, List<TokenChoice> choices)
    {
        int count = data[0];
        var at = 1;
        if (count > ConsentTokenPayload.MaxCategories)
        {
            return false;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (data.Length < at + 1)
            {
                return false;
            }
            int idLength = data[at++];
            if (data.Length < at + idLength + 1)
            {
                return false;
            }
            var id = Encoding.ASCII.GetString(data.Slice(at, idLength));
            at += idLength;
            var flags = data[at++];
            var allowed = (flags & AllowedFlag) != 0;
            if (!ConsentIds.IsValidCategory(id) || !seen.Add(id)
                || (flags & ~(AllowedFlag | SignalFlag | SinceFlag | ServiceFlag)) != 0
                || (flags & (SignalFlag | ServiceFlag)) == (SignalFlag | ServiceFlag)
                || (allowed && flags != AllowedFlag))
            {
                return false;
            }
            DateTimeOffset? since = null;
            if ((flags & SinceFlag) != 0)
            {
                if (data.Length < at + 4)
                {
                    return false;
                }
                since = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(data[at..]));
                at += 4;
            }
            choices.Add(new TokenChoice(id, allowed, since, (flags & SignalFlag) != 0, (flags & ServiceFlag) != 0));
        }
        return at == data.Length;
    }

    private static uint Seconds(DateTimeOffset instant) => checked((uint)instant.ToUnixTimeSeconds());
}
