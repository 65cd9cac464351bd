using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;

namespace CookieConsent.Core.Services;

/// <summary>
/// The receipts of a service-level visitor: each stored as the receipt's JSON, hashed and linked with the project's
/// chain (<see cref="ReceiptChain"/>), the newest one's hash recorded beside them. Source and surface are
/// <c>service</c>; the receipt's site is the service; its choices are the covered categories, refused (opt-out) or
/// not (opting back in withdraws the refusal and gives no consent, so the choices are then empty).
/// </summary>
internal static class ServiceReceiptChain
{
    /// <summary>
    /// A "no" never lapses: its receipt says so with the largest expiry a receipt can carry (the store keeps an
    /// opted-out visitor's receipts with no TTL at all).
    /// </summary>
    public static readonly DateTimeOffset NeverExpires = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>A new receipt linked to <paramref name="previous"/> (the stored JSON of the newest one, if any).</summary>
    public static (ConsentReceipt Receipt, string Stored, string Hash) Append(
        string service, string visitor, bool optOut, IReadOnlyList<string> categories, string? locale, string? wording,
        DateTimeOffset now, string? previous, string? id = null)
    {
        var before = previous is null ? null : Parse(previous);
        var receipt = new ConsentReceipt(
            id ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), service, visitor, now, PolicyVersion: 0,
            optOut ? categories.Distinct(StringComparer.Ordinal).ToDictionary(c => c, _ => false, StringComparer.Ordinal)
                : new Dictionary<string, bool>(StringComparer.Ordinal),
            ConsentSignals.None, ConsentSource.Service, NeverExpires, IpPrefix: null, UserAgentFamily: null,
            Revision: null, locale, wording, optOut ? ConsentControl.RejectAll : ConsentControl.Save, Event: null,
            ConsentSurface.Service, Previous: previous is null ? null : ReceiptChain.HashOf(previous));
        receipt = receipt with { Event = ReceiptChain.EventOf(receipt, before) };
        var stored = JsonSerializer.Serialize(receipt, ConsentJsonContext.Default.ConsentReceipt);
        return (receipt, stored, ReceiptChain.HashOf(stored));
    }

    /// <summary>
    /// The receipt standing for an opt-out of the layout before chains. Its id is derived from the old record, so it is
    /// the same on every export and when the chain is started from it.
    /// </summary>
    public static (ConsentReceipt Receipt, string Stored, string Hash) FromLegacy(
        string service, string visitor, string legacyJson, ServiceOptOut legacy, IReadOnlyList<string> categories) =>
        Append(service, visitor, optOut: true, categories, legacy.Locale, legacy.Wording, legacy.Since, previous: null,
            id: Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(legacyJson)).AsSpan(0, 16)));

    /// <summary>
    /// Checks the stored receipts (oldest first) against each other and against the recorded head: an edited receipt
    /// no longer hashes to what the next one names (or to the head), a deleted or reordered one breaks a link.
    /// </summary>
    public static ReceiptChainCheck Verify(string service, string visitor, IReadOnlyList<string> stored, string? head)
    {
        string? previous = null;
        for (var i = 0; i < stored.Count; i++)
        {
            var receipt = Parse(stored[i]);
            if (receipt is null || receipt.Site != service || receipt.Visitor != visitor
                || !string.Equals(receipt.Previous, previous, StringComparison.Ordinal))
            {
                return new ReceiptChainCheck(false, i, head);
            }
            previous = ReceiptChain.HashOf(stored[i]);
        }
        return string.Equals(previous, head, StringComparison.Ordinal)
            ? new ReceiptChainCheck(true, null, head)
            : new ReceiptChainCheck(false, stored.Count, head);
    }

    /// <summary>A stored receipt, or <see langword="null"/> when its bytes are not a receipt any more.</summary>
    public static ConsentReceipt? Parse(string stored)
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
}
