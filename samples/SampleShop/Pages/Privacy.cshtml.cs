using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Localization;
using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SampleShop.Pages;

/// <summary>"Your privacy": the visitor's current decisions and the reasons behind them, from <see cref="IConsentFeature"/>.</summary>
public sealed class PrivacyModel : PageModel
{
    public IConsentFeature? Consent { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public void OnGet()
    {
        Consent = HttpContext.Features.Get<IConsentFeature>();
        if (Consent?.Definition is not { } site)
        {
            return;
        }
        var locale = HttpContext.GetConsentLocale();
        Rows = site.Categories.Select(category =>
        {
            var decision = Consent.Decisions.FirstOrDefault(d => d.Category == category.Id);
            var text = category.Texts.TryGetValue(locale, out var t) ? t
                : category.Texts.TryGetValue(site.DefaultLocale, out var d) ? d
                : category.Texts.Values.FirstOrDefault();
            return new Row(category.Id, text?.Name ?? category.Id, category.Cookies, decision.Allowed, Why(decision.Reason, decision.Allowed),
                decision.Reason);
        }).ToList();
    }

    public string SignalText(bool sent, bool honoured, string effect) => (sent, honoured) switch
    {
        (true, true) => $"Sent by your browser and honoured: {effect}.",
        (true, false) => "Sent by your browser; this shop decides by your own choice instead.",
        (false, true) => "Not sent. If your browser sends it, this shop honours it.",
        _ => "Not sent.",
    };

    private static string Why(DecisionReason reason, bool allowed) => reason switch
    {
        DecisionReason.Required => "Strictly necessary for the shop to work.",
        DecisionReason.VisitorChoice => allowed ? "You allowed it." : "You refused it.",
        DecisionReason.DoNotTrack => "Your browser sent Do Not Track.",
        DecisionReason.VisitorRefusal => "You refused it.",
        DecisionReason.GlobalPrivacyControl => "Your browser sent Global Privacy Control (opt-out preference signal honored).",
        DecisionReason.GlobalPrivacyControlRecorded =>
            "Your browser sent Global Privacy Control; your opt-out is recorded and stays until you change it.",
        DecisionReason.ServiceOptOut => "You opted out of this shop's analytics service on every site it runs on.",
        DecisionReason.NoConsent => "You have not chosen yet.",
        DecisionReason.Expired => "Your choice has expired; please choose again.",
        DecisionReason.PolicyChanged => "Our cookie policy changed since you chose; please choose again.",
        DecisionReason.Unavailable => "Your choice could not be checked just now, so it is refused.",
        _ => "Refused: the reason could not be established.",
    };

    public sealed record Row(string Id, string Name, IReadOnlyList<string> Cookies, bool Allowed, string Why, DecisionReason Reason);
}
