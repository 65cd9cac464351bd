using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Core.Consent;

/// <summary>
/// The hash chain of a visitor's receipts. A receipt's hash is SHA-256 of what it records, the first 16 bytes in
/// base64url (22 characters): enough that no one can make another receipt with the same hash, half the size of hex.
/// For a receipt of the compact layout that is its fields with every string written out, site and visitor included
/// (<see cref="VisitorRecordCodec.HashOf"/>); for one stored as JSON before, its UTF-8 bytes exactly as written. Both
/// include <see cref="ConsentReceipt.Previous"/>: each receipt names the hash of the one before it, and the visitor's
/// record names the newest.
/// </summary>
public static class ReceiptChain
{
    /// <summary>Length of a receipt hash in characters.</summary>
    public const int HashLength = 22;

    /// <summary>The hash of a stored receipt.</summary>
    public static string HashOf(string stored) => HashOf(Encoding.UTF8.GetBytes(stored));

    /// <summary>The hash of a stored receipt's bytes.</summary>
    public static string HashOf(ReadOnlySpan<byte> stored) => Base64Url.EncodeToString(SHA256.HashData(stored).AsSpan(0, 16));

    /// <summary>The 16 bytes a hash stands for, in lower-case hex (what the site-day digest XORs).</summary>
    internal static string Hex(string hash) => Convert.ToHexStringLower(Base64Url.DecodeFromChars(hash));

    /// <summary>A stored receipt, or <see langword="null"/> when its bytes are not a receipt any more.</summary>
    internal static ConsentReceipt? Parse(string stored)
    {
        try
        {
            return JsonSerializer.Deserialize(stored, ConsentJsonContext.Default.ConsentReceipt);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Checks receipts stored as JSON (oldest first) against each other and against the recorded head. Receipts stored
    /// before chains existed carry no link and are not checked against each other; a list that ends with one of them
    /// (no head yet) is not verified, having nothing to verify against.
    /// </summary>
    public static ReceiptChainCheck Verify(IReadOnlyList<string> stored, string? head) =>
        Verify(stored.Select(VisitorRecordCodec.Legacy).ToList(), head);

    /// <summary>Checks a visitor's stored receipts (oldest first) as <see cref="Verify(IReadOnlyList{string}, string?)"/> does.</summary>
    internal static ReceiptChainCheck Verify(IReadOnlyList<StoredReceipt> stored, string? head)
    {
        string? previous = null;
        for (var i = 0; i < stored.Count; i++)
        {
            var receipt = stored[i].Receipt;
            if (receipt is null)
            {
                return new ReceiptChainCheck(false, i, head);
            }
            // A chained receipt links to the one before it; the first of a chain (or of a new chain after an erasure)
            // links to nothing.
            if (receipt.Event is not null && !string.Equals(receipt.Previous, previous, StringComparison.Ordinal))
            {
                return new ReceiptChainCheck(false, i, head);
            }
            previous = stored[i].Hash;
        }
        if (!string.Equals(previous, head, StringComparison.Ordinal))
        {
            // Before chains, a visitor had receipts but no head: nothing is broken, nothing can be shown either.
            var unchained = head is null && stored.Count > 0 && stored[^1].Receipt?.Event is null;
            return new ReceiptChainCheck(false, unchained ? null : stored.Count, head);
        }
        return new ReceiptChainCheck(true, null, head);
    }

    /// <summary>
    /// The event a new receipt records, from the receipt before it: the first receipt (or the first after an erasure)
    /// is <c>given</c>; refusing everything that was granted is <c>withdrawn</c>; anything else <c>changed</c>; a
    /// recorded Global Privacy Control signal is <c>signal</c>.
    /// </summary>
    public static ConsentEvent EventOf(ConsentReceipt receipt, ConsentReceipt? previous)
    {
        if (receipt.Source == ConsentSource.Signal)
        {
            return ConsentEvent.Signal;
        }
        if (previous is null || previous.Event == ConsentEvent.Erased)
        {
            return ConsentEvent.Given;
        }
        return previous.Choices.Values.Any(allowed => allowed) && !receipt.Choices.Values.Any(allowed => allowed)
            ? ConsentEvent.Withdrawn
            : ConsentEvent.Changed;
    }
}
