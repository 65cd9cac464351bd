using CookieConsent.Client.Contracts;

namespace CookieConsent.Benchmarks;

/// <summary>The site every benchmark uses: six categories (one required, two sale-or-sharing), two policy versions.</summary>
internal static class BenchSite
{
    public const string Id = "bench";

    public static readonly SiteDefinition Definition = new(
        DisplayName: "Benchmark shop",
        Categories:
        [
            Category("necessary", required: true, saleOrSharing: false, "session", "cc_notice"),
            Category("functional", required: false, saleOrSharing: false, "lang", "theme"),
            Category("analytics", required: false, saleOrSharing: false, "_ga", "_ga_*"),
            Category("marketing", required: false, saleOrSharing: true, "_fbp", "ads_*"),
            Category("personalization", required: false, saleOrSharing: false, "reco_*"),
            Category("social-media", required: false, saleOrSharing: true, "share_*"),
        ],
        PolicyVersions:
        [
            new PolicyVersion(1, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), []),
            new PolicyVersion(2, new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), ["marketing"]),
        ],
        AllowedReturnHosts: ["shop.example"]);

    public static readonly string Visitor = ConsentIds.NewVisitorId();

    /// <summary>A current consent under policy 2: analytics and functional allowed, the rest refused.</summary>
    public static ConsentState State(DateTimeOffset now) => new(
        new Dictionary<string, bool>
        {
            ["functional"] = true,
            ["analytics"] = true,
            ["marketing"] = false,
            ["personalization"] = false,
            ["social-media"] = false,
        },
        PolicyVersion: 2,
        GivenAt: TruncateToSeconds(now.AddDays(-1)),
        ExpiresAt: TruncateToSeconds(now.AddDays(179)),
        Signals: ConsentSignals.None,
        Source: ConsentSource.Banner,
        ReceiptId: "0123456789abcdef0123456789abcdef");

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));

    private static CategoryDefinition Category(string id, bool required, bool saleOrSharing, params string[] cookies) =>
        new(id, required, saleOrSharing,
            new Dictionary<string, CategoryText> { ["en"] = new(id, $"Cookies for {id}.") },
            cookies);
}
