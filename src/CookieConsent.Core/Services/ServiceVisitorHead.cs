using System.Text.Json.Serialization;

namespace CookieConsent.Core.Services;

/// <summary>
/// Stored beside a service-level visitor's receipts, written in the same script: the hash of the newest receipt and
/// the state it leaves (the opt-out, or <see langword="null"/> after opting back in), so reading the state is one GET.
/// </summary>
/// <param name="Head">The hash of the newest receipt (<see cref="Consent.ReceiptChain.HashOf(string)"/>).</param>
/// <param name="OptOut">The opt-out in force, or <see langword="null"/> when the visitor opted back in.</param>
internal sealed record ServiceVisitorHead(
    [property: JsonPropertyName("h")] string Head,
    [property: JsonPropertyName("o")] ServiceOptOut? OptOut);
