using System.Security.Cryptography;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.Testing;

/// <summary>
/// Site definitions to start from, site ids unique per test, and the decisions and renderer input built from them.
/// </summary>
public static class TestSites
{
    // ---- Ids and categories for tests against a real store (each test its own site id).

    /// <summary>A site id no other test uses: the test's name plus a random suffix.</summary>
    public static string UniqueId(TestContext context, string? hint = null)
    {
        var name = new StringBuilder();
        foreach (var c in (hint ?? context.TestName ?? "site").ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }
        var prefix = name.ToString().Trim('-');
        if (prefix.Length > 24)
        {
            prefix = prefix[..24].TrimEnd('-');
        }
        return $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    public static CategoryDefinition Category(string id, bool required = false, bool saleOrSharing = false) =>
        new(id, required, saleOrSharing,
            new Dictionary<string, CategoryText>
            {
                ["en"] = new(id, $"Cookies for {id}."),
                ["de"] = new(id, $"Cookies für {id}."),
            },
            [$"{id}_*", $"{id}-id"]);

    /// <summary>necessary (required), analytics, marketing (sale or sharing); version 1 in effect for a month.</summary>
    public static SiteDefinition Default() => new(
        "Test shop",
        [Category("necessary", required: true), Category("analytics"), Category("marketing", saleOrSharing: true)],
        [new PolicyVersion(1, DateTimeOffset.UtcNow.AddDays(-30), [])],
        ["shop.example", "www.shop.example"],
        CookieName: "cc_consent",
        ConsentLifetimeDays: 180,
        RefusalLifetimeDays: null);

    /// <summary>Six categories, one of them required, two sale-or-sharing.</summary>
    public static SiteDefinition SixCategories() => Default() with
    {
        Categories =
        [
            Category("necessary", required: true), Category("preferences"), Category("analytics"),
            Category("marketing", saleOrSharing: true), Category("advertising", saleOrSharing: true), Category("social-media"),
        ],
    };

    public static Dictionary<string, bool> Choices(SiteDefinition site, bool allowed) =>
        site.Categories.Where(c => !c.Required).ToDictionary(c => c.Id, _ => allowed);

    public static Dictionary<string, bool> Choices(params (string Category, bool Allowed)[] choices) =>
        choices.ToDictionary(c => c.Category, c => c.Allowed);

    // ---- The shop the SDK and renderer tests use (texts in several locales, site id "shop").

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

    // ---- A minimal shop for middleware tests: only English texts, cookie patterns "session", "_ga*", "mkt_px".

    /// <summary>necessary (required, cookie "session"), analytics ("_ga*"), marketing (sale or sharing, "mkt_px").</summary>
    public static SiteDefinition Shop(ConsentRegime regime = ConsentRegime.OptIn) => new(
        "Shop",
        [
            new CategoryDefinition("necessary", true, false, ShopTexts("Necessary"), ["session"]),
            new CategoryDefinition("analytics", false, false, ShopTexts("Analytics"), ["_ga*"]),
            new CategoryDefinition("marketing", false, true, ShopTexts("Marketing"), ["mkt_px"]),
        ],
        [new PolicyVersion(1, new DateTimeOffset(2024, 3, 15, 12, 0, 0, TimeSpan.Zero), [])],
        ["shop.example"])
    {
        Regime = regime,
        PolicyUrl = "https://shop.example/privacy",
    };

    private static Dictionary<string, CategoryText> ShopTexts(string name) => new() { ["en"] = new CategoryText(name, name + " cookies") };
}
