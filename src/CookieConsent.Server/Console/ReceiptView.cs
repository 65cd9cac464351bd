using System.Globalization;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Console;

/// <summary>
/// The visitor page's receipts: each with its revision, event and control, newest first, and whether the visitor's
/// hash chain verifies. Its own strings (four languages), so the shared console strings stay as they are.
/// </summary>
internal static class ReceiptView
{
    public static void Render(ConsoleHtml html, ConsoleRequest request, IReadOnlyList<ConsentReceipt> receipts, ReceiptChainCheck chain,
        Func<ConsentSource, string> source, Func<ConsentSignals, string> signals)
    {
        var s = request.Strings;
        var t = Texts.For(s.Locale);
        html.Raw(chain.Verified ? "<p class=\"cx-success\" role=\"status\">" : "<p class=\"cx-error\" role=\"status\">")
            .Text(chain switch
            {
                { Verified: true } => t.ChainVerified,
                { BrokenAt: { } at } => string.Format(CultureInfo.InvariantCulture, t.ChainBroken, at + 1),
                _ => t.ChainUnchained,
            }).Raw("</p>");
        html.Raw("<table class=\"cx-table\"><caption class=\"cx-visually-hidden\">").Text(s.Receipts).Raw("</caption><thead><tr><th scope=\"col\">")
            .Text(s.When).Raw("</th><th scope=\"col\">").Text(s.ReceiptId).Raw("</th><th scope=\"col\">").Text(t.Event)
            .Raw("</th><th scope=\"col\">").Text(t.Control).Raw("</th><th scope=\"col\">").Text(s.Version)
            .Raw("</th><th scope=\"col\">").Text(t.Revision).Raw("</th><th scope=\"col\">").Text(s.Choices)
            .Raw("</th><th scope=\"col\">").Text(s.Signals).Raw("</th><th scope=\"col\">").Text(s.Source).Raw("</th></tr></thead><tbody>");
        foreach (var receipt in receipts.Reverse())
        {
            html.Raw("<tr><td>").Text(ConsoleStrings.Time(receipt.Timestamp)).Raw("</td><td><code>").Text(receipt.Id).Raw("</code></td><td>")
                .Text(Name(receipt.Event)).Raw("</td><td>").Text(Name(receipt.Control)).Raw("</td><td>")
                .Text(receipt.PolicyVersion.ToString(CultureInfo.InvariantCulture)).Raw("</td><td>")
                .Raw("<code title=\"").Text(receipt.Revision).Raw("\">").Text(receipt.Revision is { } revision ? revision[..8] : "–")
                .Raw("</code></td><td>")
                .Text(string.Join(", ", receipt.Choices.Select(c => $"{c.Key}: {(c.Value ? s.Allowed : s.Denied)}"))).Raw("</td><td>")
                .Text(signals(receipt.Signals)).Raw("</td><td>").Text(source(receipt.Source)).Raw("</td></tr>");
        }
        html.Raw("</tbody></table>");
    }

    // The wire names (given, accept-all, …): the same words the export and the API use.
    private static string Name<T>(T? value) where T : struct, Enum =>
        value is { } v ? System.Text.Json.JsonSerializer.Serialize(v, typeof(T), ConsentJsonContext.Default).Trim('"') : "–";

    private sealed record Texts(string Event, string Control, string Revision, string ChainVerified, string ChainBroken, string ChainUnchained)
    {
        public static Texts For(string locale) => locale switch
        {
            "de" => new("Ereignis", "Bedienelement", "Revision", "Die Hash-Kette der Belege ist unversehrt.",
                "Die Hash-Kette ist bei Beleg {0} (älteste zuerst) unterbrochen: ein Beleg wurde verändert, gelöscht oder umgestellt.",
                "Diese Belege stammen aus der Zeit vor der Hash-Kette und lassen sich nicht prüfen."),
            "fr" => new("Événement", "Commande", "Révision", "La chaîne de hachage des reçus est intacte.",
                "La chaîne de hachage est rompue au reçu {0} (du plus ancien) : un reçu a été modifié, supprimé ou déplacé.",
                "Ces reçus datent d'avant la chaîne de hachage et ne peuvent pas être vérifiés."),
            "es" => new("Evento", "Control", "Revisión", "La cadena de hash de los recibos está intacta.",
                "La cadena de hash se rompe en el recibo {0} (del más antiguo): un recibo se modificó, borró o reordenó.",
                "Estos recibos son anteriores a la cadena de hash y no se pueden verificar."),
            _ => new("Event", "Control", "Revision", "The receipts' hash chain verifies.",
                "The hash chain breaks at receipt {0} (oldest first): a receipt was edited, deleted or reordered.",
                "These receipts predate the hash chain and cannot be verified."),
        };
    }
}
