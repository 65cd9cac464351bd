using CookieConsent.Client.Contracts;

namespace CookieConsent.Core.Consent;

/// <summary>
/// Everything stored for one visitor under <see cref="Redis.Keys.Visitor"/>: the chain's head, the current state and
/// the receipts, oldest first. Read from the old layout (three keys) the same way until the next write moves it.
/// </summary>
/// <param name="Head">The recorded hash of the newest receipt; <see langword="null"/> when there is none.</param>
/// <param name="State">The current state with when it lapses; <see langword="null"/> when none was stored.</param>
/// <param name="Receipts">The receipts, oldest first, as stored.</param>
/// <param name="Strings">The record's string table, which new receipts extend (empty for the old layout).</param>
/// <param name="Token">What a write must still find in Redis to replace this record (see <see cref="VisitorRecordCodec"/>).</param>
internal sealed record VisitorRecord(
    string? Head, StoredState? State, IReadOnlyList<StoredReceipt> Receipts, IReadOnlyList<string> Strings, byte[] Token)
{
    /// <summary>The state unless it lapsed by <paramref name="now"/>.</summary>
    public ConsentState? StateAt(DateTimeOffset now) => State is { } stored && stored.LapsesAt > now ? stored.State : null;
}

/// <summary>A stored state and when it stops counting (the consent lifetime; plus the receipt retention for a refusal).</summary>
internal sealed record StoredState(ConsentState State, DateTimeOffset LapsesAt);

/// <summary>
/// One receipt as stored: its encoded bytes (kept as they are when the record is rewritten), what they read as
/// (<see langword="null"/> when they no longer read as a receipt), and its chain hash.
/// </summary>
internal sealed record StoredReceipt(ReadOnlyMemory<byte> Bytes, ConsentReceipt? Receipt, string Hash);
