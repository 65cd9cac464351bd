using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.TestSupport;

internal static class TestSites
{
    public const string SiteId = "shop";

    public static readonly CategoryDefinition Necessary = new(
        "necessary", Required: true, SaleOrSharing: false,
        new Dictionary<string, CategoryText>
        {
            ["en"] = new("Strictly necessary", "Keep the basket and your session."),
            ["de"] = new("Unbedingt erforderlich", "Warenkorb und Sitzung."),
        },
        ["session", "cc_consent"]);

    public static readonly CategoryDefinition Analytics = new(
        "analytics", Required: false, SaleOrSharing: false,
        new Dictionary<string, CategoryText>
        {
            ["en"] = new("Analytics", "Count visits to improve the shop."),
            ["de"] = new("Statistik", "Besuche zählen, um den Shop zu verbessern."),
            ["fr"] = new("Statistiques", "Compter les visites."),
            ["es-MX"] = new("Analítica", "Contar visitas."),
        },
        ["_ga", "_gid*"]);

    public static readonly CategoryDefinition Marketing = new(
        "marketing", Required: false, SaleOrSharing: true,
        new Dictionary<string, CategoryText>
        {
            ["en"] = new("Marketing", "Personalised ads with partners."),
        },
        ["_fbp"]);

    public static SiteDefinition Site(
        ConsentRegime regime = ConsentRegime.OptIn,
        string defaultLocale = "en",
        bool honorGpc = true,
        bool honorDnt = true,
        string? policyUrl = "https://shop.example/privacy",
        params CategoryDefinition[] categories) =>
        new("Example Shop",
            categories.Length > 0 ? categories : [Necessary, Analytics, Marketing],
            [new PolicyVersion(1, DateTimeOffset.UnixEpoch, [])],
            ["shop.example"])
        {
            Regime = regime,
            DefaultLocale = defaultLocale,
            HonorGlobalPrivacyControl = honorGpc,
            HonorDoNotTrack = honorDnt,
            PolicyUrl = policyUrl,
        };

    public static IReadOnlyList<CategoryDecision> NoChoice(SiteDefinition site) =>
        site.Categories.Select(c => c.Required
            ? new CategoryDecision(c.Id, true, DecisionReason.Required)
            : new CategoryDecision(c.Id, site.Regime == ConsentRegime.OptOut, DecisionReason.NoConsent)).ToArray();

    public static IReadOnlyList<CategoryDecision> Chosen(SiteDefinition site, params (string Category, bool Allowed)[] choices) =>
        site.Categories.Select(c =>
        {
            if (c.Required)
            {
                return new CategoryDecision(c.Id, true, DecisionReason.Required);
            }
            foreach (var (category, allowed) in choices)
            {
                if (category == c.Id)
                {
                    return new CategoryDecision(c.Id, allowed, allowed ? DecisionReason.VisitorChoice : DecisionReason.VisitorRefusal);
                }
            }
            return new CategoryDecision(c.Id, false, DecisionReason.NoConsent);
        }).ToArray();

    public static ConsentView View(
        SiteDefinition? site = null,
        IReadOnlyList<CategoryDecision>? decisions = null,
        ConsentSignals signals = default,
        string locale = "en",
        ConsentNotice notice = ConsentNotice.None,
        string returnUrl = "/products?page=2",
        int headingLevel = 2)
    {
        site ??= Site();
        decisions ??= NoChoice(site);
        return new ConsentView
        {
            SiteId = SiteId,
            Site = site,
            Decisions = decisions,
            HasValidChoice = decisions.All(d => d.Reason is DecisionReason.Required or DecisionReason.VisitorChoice),
            Signals = signals,
            Locale = locale,
            Urls = new ConsentUrls("/consent/choices", "/cookie-settings")
            {
                HideNotice = "/consent/notice/hide",
                DoNotSell = "/consent/do-not-sell",
                Receipt = "/consent/receipt",
            },
            Antiforgery = new AntiforgeryField("__RequestVerificationToken", "token-value"),
            ReturnUrl = returnUrl,
            Notice = notice,
            HeadingLevel = headingLevel,
        };
    }
}
