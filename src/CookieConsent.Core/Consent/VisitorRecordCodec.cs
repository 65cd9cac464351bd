using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Core.Consent;

/// <summary>
/// The compact encoding of a <see cref="VisitorRecord"/>, one Redis string per visitor:
/// <code>
/// format (1, or 2 when the table names site strings) · head (16 bytes) · [format 2: site list epoch (4 bytes)] ·
/// string table · state · receipts
/// </code>
/// Strings (category ids, revision and wording hashes, locales, browser families) are stored once per record and named
/// by their index; 32-digit hex strings as their 16 bytes, and a string the site's list holds (<see cref="SiteStrings"/>)
/// as its index there, so the strings every visitor of a site shares are not repeated in every record. Times are Unix seconds (4 bytes), enums small integers,
/// receipt ids and hashes raw bytes. The state names the newest receipt's fields instead of repeating them when they
/// agree (they do for every write the server makes). A receipt is either this encoding (kind 1) or a receipt of the
/// old layout, kept as the exact JSON bytes it was stored with (kind 0), so its hash, and every chain through it,
/// stay what they were.
/// </summary>
/// <remarks>
/// A receipt's hash does not cover the table indices but what they stand for: SHA-256 over the site, the visitor and
/// the receipt with every string written out (<see cref="HashOf"/>), so an edited table entry breaks the chain too.
/// </remarks>
internal static class VisitorRecordCodec
{
    /// <summary>The first byte of a record in this layout whose table holds its strings itself.</summary>
    public const byte Format = 1;

    /// <summary>The first byte of a record in this layout whose table names entries of the site's list.</summary>
    public const byte SiteFormat = 2;

    /// <summary>
    /// Whether the bytes start with a format byte this version does not know yet, so a newer server wrote them.
    /// </summary>
    public static bool IsNewerFormat(ReadOnlySpan<byte> value) => value.Length > 0 && value[0] > SiteFormat;

    // Table entry tags: a string's UTF-8 length shifted left (even), a 16-byte hex string, an entry of the site's list.
    private const int HexTag = 1;
    private const int SiteTag = 3;

    private const byte LegacyKind = 0;
    private const byte CompactKind = 1;
    private const int HeadLength = 16;

    private const byte NoState = 0;
    private const byte DerivedState = 1;
    private const byte FullState = 2;

    // ---------------------------------------------------------------------------------------------------------------
    // Reading

    /// <summary>Reads a stored record; <see langword="null"/> when its bytes are not a record of this layout.</summary>
    /// <exception cref="SiteStringMissingException"><paramref name="siteStrings"/> lacks an entry the record names.</exception>
    public static VisitorRecord? Decode(string site, string visitor, ReadOnlyMemory<byte> value, SiteStringTable? siteStrings = null)
    {
        try
        {
            var reader = new Reader(value);
            var (head, strings) = ReadHeader(ref reader, siteStrings);
            var state = ReadPendingState(ref reader, strings);
            var count = reader.VarInt();
            var receipts = new List<StoredReceipt>(Math.Min(count, 1024));
            for (var i = 0; i < count; i++)
            {
                var bytes = reader.Slice(reader.VarInt());
                receipts.Add(ReadReceipt(site, visitor, bytes, strings));
            }
            reader.End();
            var last = receipts.Count == 0 ? null : receipts[^1].Receipt;
            return new VisitorRecord(head, state?.Resolve(last), receipts, strings, TokenOf(value.Span));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Only the state (the consent read path): the receipts before the newest are skipped, not decoded.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a record of this layout.</exception>
    /// <exception cref="SiteStringMissingException"><paramref name="siteStrings"/> lacks an entry the record names.</exception>
    public static StoredState? DecodeState(string site, string visitor, ReadOnlyMemory<byte> value, SiteStringTable? siteStrings = null)
    {
        var reader = new Reader(value);
        var (_, strings) = ReadHeader(ref reader, siteStrings);
        var state = ReadPendingState(ref reader, strings);
        if (state is null)
        {
            return null;
        }
        if (!state.Derived)
        {
            return state.Resolve(null);
        }
        var count = reader.VarInt();
        ReadOnlyMemory<byte> last = default;
        for (var i = 0; i < count; i++)
        {
            last = reader.Slice(reader.VarInt());
        }
        var receipt = count == 0 ? null : ReadReceipt(site, visitor, last, strings).Receipt;
        return state.Resolve(receipt) ?? throw new FormatException("The state names a receipt that does not read.");
    }

    /// <summary>A receipt of the old layout (its JSON as stored), for a record that still holds one or is moved.</summary>
    public static StoredReceipt Legacy(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[utf8.Length + 1];
        bytes[0] = LegacyKind;
        utf8.CopyTo(bytes, 1);
        return new StoredReceipt(bytes, ReceiptChain.Parse(json), ReceiptChain.HashOf(utf8));
    }

    /// <summary>
    /// What a write must find to replace a record: <c>n</c> and the SHA-1 (hex) of a stored record's bytes, as the write
    /// script computes it (<c>redis.sha1hex</c>), so a record changed in any way since it was read or remembered is
    /// never overwritten from the stale copy; for the old layout <c>o</c>, the head key's value, <c>:</c> and the
    /// list's length.
    /// </summary>
    public static byte[] LegacyToken(string? head, long receipts) => Encoding.UTF8.GetBytes($"o{head}:{receipts}");

    /// <summary>The token of a stored value (see <see cref="LegacyToken"/>).</summary>
    public static byte[] TokenOf(ReadOnlySpan<byte> value)
    {
        // SHA-1 compares contents here, it protects nothing: Redis's Lua has it built in.
#pragma warning disable CA5350
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(value));
#pragma warning restore CA5350
        return Encoding.ASCII.GetBytes("n" + hex);
    }

    private static (string? Head, List<string> Strings) ReadHeader(ref Reader reader, SiteStringTable? siteStrings)
    {
        var format = reader.Byte();
        if (format is not (Format or SiteFormat))
        {
            throw new FormatException("Not a visitor record of this layout.");
        }
        var head = reader.Bytes(HeadLength);
        var epoch = format == SiteFormat ? BinaryPrimitives.ReadUInt32BigEndian(reader.Bytes(4)) : 0;
        var count = reader.VarInt();
        var strings = new List<string>(Math.Min(count, 256));
        for (var i = 0; i < count; i++)
        {
            var tag = reader.VarInt();
            strings.Add((tag & 1) == 0 ? Encoding.UTF8.GetString(reader.Bytes(tag >> 1))
                // Format 1 wrote every odd tag as hex.
                : format == Format || tag == HexTag ? Convert.ToHexStringLower(reader.Bytes(16))
                : tag == SiteTag ? SiteStringTable.Resolve(siteStrings, epoch, reader.VarInt())
                : throw new FormatException("Unknown string tag."));
        }
        return (Base64Url.EncodeToString(head), strings);
    }

    private static PendingState? ReadPendingState(ref Reader reader, List<string> strings)
    {
        var kind = reader.Byte();
        if (kind == NoState)
        {
            return null;
        }
        var lapsesAt = reader.Time();
        if (kind == DerivedState)
        {
            return new PendingState(lapsesAt, null, ReadRefusals(ref reader, strings));
        }
        if (kind != FullState)
        {
            throw new FormatException("Unknown state kind.");
        }
        var choices = ReadChoices(ref reader, strings);
        var policyVersion = reader.ZigZag();
        var givenAt = reader.Time();
        var expiresAt = reader.Time();
        var (source, signals) = Flags(reader.Byte());
        var id = reader.Byte() == 1 ? Convert.ToHexStringLower(reader.Bytes(16)) : String(ref reader, strings);
        var refusals = ReadRefusals(ref reader, strings);
        return new PendingState(lapsesAt,
            new ConsentState(choices, policyVersion, givenAt, expiresAt, signals, source, id, refusals), null);
    }

    private static Dictionary<string, CategoryRefusal> ReadRefusals(ref Reader reader, List<string> strings)
    {
        var count = reader.VarInt();
        var refusals = new Dictionary<string, CategoryRefusal>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var category = String(ref reader, strings);
            var since = reader.Time();
            refusals[category] = new CategoryRefusal(since, Source(reader.Byte()));
        }
        return refusals;
    }

    private static StoredReceipt ReadReceipt(string site, string visitor, ReadOnlyMemory<byte> bytes, List<string> strings)
    {
        if (bytes.Length > 0 && bytes.Span[0] == LegacyKind)
        {
            var utf8 = bytes.Span[1..];
            return new StoredReceipt(bytes, ReceiptChain.Parse(Encoding.UTF8.GetString(utf8)), ReceiptChain.HashOf(utf8));
        }
        ConsentReceipt? receipt;
        try
        {
            var reader = new Reader(bytes);
            if (reader.Byte() != CompactKind)
            {
                throw new FormatException("Unknown receipt kind.");
            }
            receipt = ReadCompactReceipt(ref reader, site, visitor, strings);
            reader.End();
        }
        catch (FormatException)
        {
            receipt = null;
        }
        // A receipt that no longer reads has no hash of its own meaning: its raw bytes stand in, so nothing links to it.
        return new StoredReceipt(bytes, receipt, receipt is null ? ReceiptChain.HashOf(bytes.Span) : HashOf(receipt));
    }

    private static ConsentReceipt ReadCompactReceipt(ref Reader reader, string site, string visitor, List<string> strings)
    {
        var (a, b, c) = (reader.Byte(), reader.Byte(), reader.Byte());
        var (source, signals) = Flags(a);
        var id = (b & 0x80) != 0 ? Convert.ToHexStringLower(reader.Bytes(16)) : String(ref reader, strings);
        var timestamp = reader.Time();
        var policyVersion = reader.ZigZag();
        var expiresAt = reader.Time();
        var choices = ReadChoices(ref reader, strings);
        var revision = (c & 0x01) != 0 ? String(ref reader, strings) : null;
        var locale = (c & 0x02) != 0 ? String(ref reader, strings) : null;
        var wording = (c & 0x04) != 0 ? String(ref reader, strings) : null;
        var ip = (c & 0x08) != 0 ? ReadIp(ref reader, strings) : null;
        var userAgent = (c & 0x10) != 0 ? String(ref reader, strings) : null;
        string? previous = null;
        if ((b & 0x40) != 0)
        {
            previous = (c & 0x20) != 0 ? String(ref reader, strings) : Base64Url.EncodeToString(reader.Bytes(16));
        }
        return new ConsentReceipt(id, site, visitor, timestamp, policyVersion, choices, signals, source, expiresAt, ip, userAgent,
            revision, locale, wording, Optional<ConsentControl>(b & 0x07), Optional<ConsentEvent>(a >> 5),
            Optional<ConsentSurface>((b >> 3) & 0x07), previous);
    }

    private static Dictionary<string, bool> ReadChoices(ref Reader reader, List<string> strings)
    {
        var count = reader.VarInt();
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = String(ref reader, strings);
        }
        var bits = reader.Bytes((count + 7) / 8);
        var choices = new Dictionary<string, bool>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            choices[names[i]] = (bits[i / 8] & (1 << (i % 8))) != 0;
        }
        return choices;
    }

    private static string ReadIp(ref Reader reader, List<string> strings)
    {
        var tag = reader.Byte();
        if (tag == 4)
        {
            var bytes = new byte[4];
            reader.Bytes(3).CopyTo(bytes);
            return $"{new IPAddress(bytes)}/24";
        }
        if (tag == 6)
        {
            var bytes = new byte[16];
            reader.Bytes(6).CopyTo(bytes);
            return $"{new IPAddress(bytes)}/48";
        }
        return String(ref reader, strings);
    }

    private static string String(ref Reader reader, List<string> strings)
    {
        var index = reader.VarInt();
        return index < strings.Count ? strings[index] : throw new FormatException("A string index past the table.");
    }

    private static T? Optional<T>(int code) where T : struct, Enum =>
        code == 0 ? null : Enum.IsDefined(typeof(T), code - 1) ? (T)(object)(code - 1) : throw new FormatException("Unknown code.");

    private static ConsentSource Source(int code) =>
        Enum.IsDefined(typeof(ConsentSource), code) ? (ConsentSource)code : throw new FormatException("Unknown source.");

    private static (ConsentSource, ConsentSignals) Flags(byte flags) =>
        (Source(flags & 0x07), new ConsentSignals((flags & 0x08) != 0, (flags & 0x10) != 0));

    // A state is read before the receipt it may name; it is completed from that receipt once the receipts are read.
    private sealed record PendingState(DateTimeOffset LapsesAt, ConsentState? Full, Dictionary<string, CategoryRefusal>? Overrides)
    {
        public bool Derived => Full is null;

        public StoredState? Resolve(ConsentReceipt? last)
        {
            if (Full is not null)
            {
                return new StoredState(Full, LapsesAt);
            }
            if (last is null)
            {
                return null;
            }
            var refusals = new Dictionary<string, CategoryRefusal>(StringComparer.Ordinal);
            foreach (var (category, allowed) in last.Choices)
            {
                if (!allowed)
                {
                    refusals[category] = Overrides!.GetValueOrDefault(category) ?? new CategoryRefusal(last.Timestamp, last.Source);
                }
            }
            return new StoredState(
                new ConsentState(last.Choices, last.PolicyVersion, last.Timestamp, last.ExpiresAt, last.Signals, last.Source, last.Id,
                    refusals),
                LapsesAt);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writing

    /// <summary>
    /// A record of <paramref name="receipts"/> (kept byte for byte; their indices stay valid because the table only
    /// grows) followed by <paramref name="appended"/>, with <paramref name="state"/> as the current state; every table
    /// string that <paramref name="siteStrings"/> holds is named by its index there.
    /// </summary>
    /// <returns>The record's bytes and the appended receipt as stored, with its hash.</returns>
    public static (byte[] Value, StoredReceipt Appended) Encode(
        string site, string visitor, IReadOnlyList<string> strings, IReadOnlyList<StoredReceipt> receipts, ConsentReceipt appended,
        StoredState? state, SiteStringTable? siteStrings = null)
    {
        var table = new StringTable(strings);
        var receiptBytes = new Writer();
        receiptBytes.Byte(CompactKind);
        WriteReceipt(receiptBytes, appended, table.Write);
        var stored = new StoredReceipt(receiptBytes.ToArray(), appended, HashOf(appended));

        var body = new Writer();
        WriteState(body, state, appended, table.Write);
        body.VarInt(receipts.Count + 1);
        foreach (var receipt in receipts.Append(stored))
        {
            body.VarInt(receipt.Bytes.Length);
            body.Bytes(receipt.Bytes.Span);
        }

        var value = new Writer();
        var named = siteStrings is not null && table.Strings.Exists(s => siteStrings.IndexOf(s) is not null);
        value.Byte(named ? SiteFormat : Format);
        value.Bytes(Base64Url.DecodeFromChars(stored.Hash));
        if (named)
        {
            value.UInt32(siteStrings!.Epoch);
        }
        value.VarInt(table.Strings.Count);
        foreach (var s in table.Strings)
        {
            if (named && siteStrings!.IndexOf(s) is { } index)
            {
                value.VarInt(SiteTag);
                value.VarInt(index);
            }
            else if (IsHex16(s))
            {
                value.VarInt(HexTag);
                value.Bytes(Convert.FromHexString(s));
            }
            else
            {
                var utf8 = Encoding.UTF8.GetBytes(s);
                value.VarInt(utf8.Length << 1);
                value.Bytes(utf8);
            }
        }
        value.Bytes(body.WrittenSpan);
        return (value.ToArray(), stored);
    }

    /// <summary>
    /// <paramref name="value"/> with its receipts replaced by <paramref name="receipts"/> (encoded bytes, as in
    /// <see cref="StoredReceipt.Bytes"/>), head, table and state kept as they are: what someone rewriting a record's
    /// history without the server would store.
    /// </summary>
    public static byte[] WithReceipts(byte[] value, IEnumerable<ReadOnlyMemory<byte>> receipts, SiteStringTable? siteStrings = null)
    {
        var reader = new Reader(value);
        var (_, strings) = ReadHeader(ref reader, siteStrings);
        _ = ReadPendingState(ref reader, strings);
        var writer = new Writer();
        writer.Bytes(value.AsSpan(0, reader.Position));
        var list = receipts.ToList();
        writer.VarInt(list.Count);
        foreach (var receipt in list)
        {
            writer.VarInt(receipt.Length);
            writer.Bytes(receipt.Span);
        }
        return writer.ToArray();
    }

    /// <summary>A receipt encoded against a record's existing string table (every string it names must be in it).</summary>
    public static byte[] EncodeReceipt(IReadOnlyList<string> strings, ConsentReceipt receipt)
    {
        var table = new StringTable(strings);
        var writer = new Writer();
        writer.Byte(CompactKind);
        WriteReceipt(writer, receipt, table.Write);
        return table.Strings.Count == strings.Count
            ? writer.ToArray()
            : throw new InvalidOperationException("The receipt names a string the record's table does not hold.");
    }

    /// <summary>
    /// The hash of a receipt of this layout: SHA-256 (first 16 bytes, base64url) over the site, the visitor and the
    /// receipt's fields with every string written out.
    /// </summary>
    public static string HashOf(ConsentReceipt receipt)
    {
        var writer = new Writer();
        Inline(writer, receipt.Site);
        Inline(writer, receipt.Visitor);
        WriteReceipt(writer, receipt, Inline);
        return ReceiptChain.HashOf(writer.WrittenSpan);
    }

    private static void Inline(Writer writer, string s)
    {
        var utf8 = Encoding.UTF8.GetBytes(s);
        writer.VarInt(utf8.Length);
        writer.Bytes(utf8);
    }

    private static void WriteReceipt(Writer writer, ConsentReceipt receipt, Action<Writer, string> write)
    {
        var idHex = IsHex16(receipt.Id);
        var previousBytes = receipt.Previous is { } previous ? Hash16(previous) : null;
        var ip = receipt.IpPrefix is { } prefix ? IpBytes(prefix) : null;
        writer.Byte(Flags(receipt.Source, receipt.Signals, Code(receipt.Event) << 5));
        writer.Byte((byte)(Code(receipt.Control) | Code(receipt.Surface) << 3 | (receipt.Previous is null ? 0 : 0x40) | (idHex ? 0x80 : 0)));
        writer.Byte((byte)((receipt.Revision is null ? 0 : 0x01) | (receipt.Locale is null ? 0 : 0x02) | (receipt.Wording is null ? 0 : 0x04)
            | (receipt.IpPrefix is null ? 0 : 0x08) | (receipt.UserAgentFamily is null ? 0 : 0x10)
            | (receipt.Previous is not null && previousBytes is null ? 0x20 : 0)));
        if (idHex)
        {
            writer.Bytes(Convert.FromHexString(receipt.Id));
        }
        else
        {
            write(writer, receipt.Id);
        }
        writer.Time(receipt.Timestamp);
        writer.ZigZag(receipt.PolicyVersion);
        writer.Time(receipt.ExpiresAt);
        WriteChoices(writer, receipt.Choices, write);
        WriteIfSet(writer, receipt.Revision, write);
        WriteIfSet(writer, receipt.Locale, write);
        WriteIfSet(writer, receipt.Wording, write);
        if (receipt.IpPrefix is not null)
        {
            if (ip is null)
            {
                writer.Byte(0);
                write(writer, receipt.IpPrefix);
            }
            else
            {
                writer.Byte((byte)(ip.Length == 3 ? 4 : 6));
                writer.Bytes(ip);
            }
        }
        WriteIfSet(writer, receipt.UserAgentFamily, write);
        if (receipt.Previous is not null)
        {
            if (previousBytes is null)
            {
                write(writer, receipt.Previous);
            }
            else
            {
                writer.Bytes(previousBytes);
            }
        }
    }

    private static void WriteIfSet(Writer writer, string? value, Action<Writer, string> write)
    {
        if (value is not null)
        {
            write(writer, value);
        }
    }

    private static void WriteState(Writer writer, StoredState? stored, ConsentReceipt last, Action<Writer, string> write)
    {
        if (stored is null)
        {
            writer.Byte(NoState);
            return;
        }
        var state = stored.State;
        var derived = state.ReceiptId == last.Id && state.PolicyVersion == last.PolicyVersion && state.GivenAt == last.Timestamp
            && state.ExpiresAt == last.ExpiresAt && state.Signals == last.Signals && state.Source == last.Source
            && state.Choices.Count == last.Choices.Count
            && state.Choices.All(c => last.Choices.TryGetValue(c.Key, out var allowed) && allowed == c.Value);
        writer.Byte(derived ? DerivedState : FullState);
        writer.Time(stored.LapsesAt);
        if (derived)
        {
            // Only the refusals older than this receipt (kept from before) are written; the others date from it.
            var overrides = state.Choices.Where(c => !c.Value)
                .Select(c => (Category: c.Key, Refusal: state.RefusalOf(c.Key)!))
                .Where(r => r.Refusal.Since != last.Timestamp || r.Refusal.Source != last.Source)
                .ToList();
            WriteRefusals(writer, overrides, write);
            return;
        }
        WriteChoices(writer, state.Choices, write);
        writer.ZigZag(state.PolicyVersion);
        writer.Time(state.GivenAt);
        writer.Time(state.ExpiresAt);
        writer.Byte(Flags(state.Source, state.Signals, 0));
        if (IsHex16(state.ReceiptId))
        {
            writer.Byte(1);
            writer.Bytes(Convert.FromHexString(state.ReceiptId));
        }
        else
        {
            writer.Byte(0);
            write(writer, state.ReceiptId);
        }
        WriteRefusals(writer, state.Choices.Where(c => !c.Value).Select(c => (c.Key, state.RefusalOf(c.Key)!)).ToList(), write);
    }

    private static void WriteRefusals(Writer writer, List<(string Category, CategoryRefusal Refusal)> refusals, Action<Writer, string> write)
    {
        writer.VarInt(refusals.Count);
        foreach (var (category, refusal) in refusals)
        {
            write(writer, category);
            writer.Time(refusal.Since);
            writer.Byte((byte)refusal.Source);
        }
    }

    private static void WriteChoices(Writer writer, IReadOnlyDictionary<string, bool> choices, Action<Writer, string> write)
    {
        writer.VarInt(choices.Count);
        var bits = new byte[(choices.Count + 7) / 8];
        var i = 0;
        foreach (var (category, allowed) in choices)
        {
            write(writer, category);
            if (allowed)
            {
                bits[i / 8] |= (byte)(1 << (i % 8));
            }
            i++;
        }
        writer.Bytes(bits);
    }

    private static byte Flags(ConsentSource source, ConsentSignals signals, int more) =>
        (byte)((int)source | (signals.DoNotTrack ? 0x08 : 0) | (signals.GlobalPrivacyControl ? 0x10 : 0) | more);

    // 0 for none, the value + 1 otherwise; each enum has room for 7 values (3 bits).
    private static int Code<T>(T? value) where T : struct, Enum
    {
        if (value is null)
        {
            return 0;
        }
        var code = Convert.ToInt32(value.Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        return code is > 0 and < 8 ? code : throw new InvalidOperationException($"{typeof(T).Name} has outgrown its 3 bits.");
    }

    private static bool IsHex16(string s)
    {
        if (s.Length != 32)
        {
            return false;
        }
        foreach (var c in s)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }

    // The 16 bytes of a receipt hash, when the string is exactly their base64url.
    private static byte[]? Hash16(string hash)
    {
        if (hash.Length != ReceiptChain.HashLength || !Base64Url.IsValid(hash, out var length) || length != 16)
        {
            return null;
        }
        var bytes = Base64Url.DecodeFromChars(hash);
        return Base64Url.EncodeToString(bytes) == hash ? bytes : null;
    }

    // The prefix's leading bytes when it reads back exactly as written (a /24 or /48 from DataMinimisation).
    private static byte[]? IpBytes(string prefix)
    {
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(prefix.AsSpan(0, slash), out var address))
        {
            return null;
        }
        var keep = (address.AddressFamily, prefix[(slash + 1)..]) switch
        {
            (AddressFamily.InterNetwork, "24") => 3,
            (AddressFamily.InterNetworkV6, "48") => 6,
            _ => 0,
        };
        var bytes = address.GetAddressBytes();
        if (keep == 0 || bytes.AsSpan(keep).ContainsAnyExcept((byte)0))
        {
            return null;
        }
        var kept = bytes[..keep];
        var full = new byte[bytes.Length];
        kept.CopyTo(full, 0);
        return $"{new IPAddress(full)}/{keep * 8}" == prefix ? kept : null;
    }

    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public StringTable(IReadOnlyList<string> strings)
        {
            Strings = [.. strings];
            for (var i = 0; i < Strings.Count; i++)
            {
                _index.TryAdd(Strings[i], i);
            }
        }

        public List<string> Strings { get; }

        public void Write(Writer writer, string s)
        {
            if (!_index.TryGetValue(s, out var index))
            {
                index = Strings.Count;
                Strings.Add(s);
                _index[s] = index;
            }
            writer.VarInt(index);
        }
    }

    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(256);

        public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        public void Byte(byte value)
        {
            _buffer.GetSpan(1)[0] = value;
            _buffer.Advance(1);
        }

        public void Bytes(ReadOnlySpan<byte> value) => _buffer.Write(value);

        public void VarInt(int value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            VarUInt((uint)value);
        }

        public void ZigZag(int value) => VarUInt((uint)((value << 1) ^ (value >> 31)));

        private void VarUInt(uint value)
        {
            while (value >= 0x80)
            {
                Byte((byte)(value | 0x80));
                value >>= 7;
            }
            Byte((byte)value);
        }

        public void Time(DateTimeOffset time)
        {
            var seconds = time.ToUnixTimeSeconds();
            if (seconds is < 0 or > uint.MaxValue)
            {
                throw new InvalidOperationException("A time outside what the record stores (1970 to 2106).");
            }
            UInt32((uint)seconds);
        }

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
            _buffer.Advance(4);
        }
    }

    private ref struct Reader(ReadOnlyMemory<byte> memory)
    {
        private readonly ReadOnlyMemory<byte> _memory = memory;
        private int _position;

        public readonly int Position => _position;

        public byte Byte() => _position < _memory.Length ? _memory.Span[_position++] : throw new FormatException("Truncated record.");

        public ReadOnlySpan<byte> Bytes(int count) => Slice(count).Span;

        public ReadOnlyMemory<byte> Slice(int count)
        {
            if (count < 0 || _position + count > _memory.Length)
            {
                throw new FormatException("Truncated record.");
            }
            var slice = _memory.Slice(_position, count);
            _position += count;
            return slice;
        }

        public int VarInt()
        {
            var value = VarUInt();
            return value <= int.MaxValue ? (int)value : throw new FormatException("A length out of range.");
        }

        public int ZigZag()
        {
            var v = VarUInt();
            return (int)(v >> 1) ^ -(int)(v & 1);
        }

        private uint VarUInt()
        {
            uint value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = Byte();
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }
            throw new FormatException("A number out of range.");
        }

        public DateTimeOffset Time() => DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(Bytes(4)));

        public readonly void End()
        {
            if (_position != _memory.Length)
            {
                throw new FormatException("Bytes after the end of the record.");
            }
        }
    }
}
