using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Tests.Infrastructure;

internal static class Sites
{
    /// <summary>necessary (required, cookie "session"), analytics ("_ga*"), marketing (sale or sharing, "mkt_px").</summary>
    public static SiteDefinition Shop(ConsentRegime regime = ConsentRegime.OptIn) => new(
        "Shop",
        [
            new CategoryDefinition("necessary", true, false, Texts("Necessary"), ["session"]),
            new CategoryDefinition("analytics", false, false, Texts("Analytics"), ["_ga*"]),
            new CategoryDefinition("marketing", false, true, Texts("Marketing"), ["mkt_px"]),
        ],
        [new PolicyVersion(1, new DateTimeOffset(2024, 3, 15, 12, 0, 0, TimeSpan.Zero), [])],
        ["shop.example"])
    {
        Regime = regime,
        PolicyUrl = "https://shop.example/privacy",
    };

    private static Dictionary<string, CategoryText> Texts(string name) => new() { ["en"] = new CategoryText(name, name + " cookies") };
}
