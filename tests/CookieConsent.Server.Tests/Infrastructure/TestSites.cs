using System.Security.Cryptography;
using System.Text;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>Site ids unique per test, and site definitions to start from.</summary>
public static class TestSites
{
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
}
