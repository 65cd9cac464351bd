using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class RecordConsentTests
{
    private const string FirefoxUserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task RecordConsent_Answers200_WithReceiptStateAndDecisions()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        using var response = await Api.PutConsentAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));

        await TestApi.Expect(response, HttpStatusCode.OK);
        var recorded = (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.RecordConsentResponse, TestContext.CancellationToken))!;
        Assert.MatchesRegex("^[0-9a-f]{32}$", recorded.ReceiptId);
        Assert.AreEqual(recorded.ReceiptId, recorded.State.ReceiptId);
        Assert.AreEqual(1, recorded.State.PolicyVersion);
        Assert.AreEqual(ConsentSource.Banner, recorded.State.Source);
        Assert.IsTrue(recorded.State.Choices["analytics"]);
        Assert.IsFalse(recorded.State.Choices["marketing"]);
        Assert.AreEqual(visitor, recorded.Decisions.Visitor);
        CollectionAssert.AreEqual(
            new[]
            {
                new CategoryDecision("necessary", true, DecisionReason.Required),
                new CategoryDecision("analytics", true, DecisionReason.VisitorChoice),
                new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal),
            },
            recorded.Decisions.Categories.ToArray());

        // What was stored is what was answered.
        var stored = await StoredVisitor.ReadAsync(site, visitor);
        Assert.AreEqual(recorded.ReceiptId, stored.State!.State.ReceiptId);
        Assert.AreEqual(recorded.ReceiptId, stored.Receipts.Single().Receipt!.Id);
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Consent(site, visitor)), "nothing in the old layout");
    }

    [TestMethod]
    public async Task RecordConsent_Cookie_IsHttpOnlySecureLaxRootPath_WithTheSiteNameDomainAndLifetime()
    {
        var definition = TestSites.Default() with { CookieName = "shop_consent", CookieDomain = ".shop.example", ConsentLifetimeDays = 90 };
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);

        var cookie = (await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(definition, allowed: true))).Cookie;

        Assert.AreEqual("shop_consent", cookie.Name);
        Assert.AreEqual(".shop.example", cookie.Domain);
        Assert.AreEqual("/", cookie.Path);
        Assert.IsTrue(cookie.HttpOnly);
        Assert.IsTrue(cookie.Secure);
        Assert.AreEqual("Lax", cookie.SameSite);
        Assert.IsLessThanOrEqualTo(90 * 86400, cookie.MaxAgeSeconds);
        Assert.IsGreaterThan(90 * 86400 - 120, cookie.MaxAgeSeconds);
        Assert.MatchesRegex("^[A-Za-z0-9_-]+$", cookie.Value, "a cookie value needs no quoting");
    }

    [TestMethod]
    public async Task RecordConsent_TypicalSite_CookieValueIsAtMost256Characters()
    {
        // A typical site (necessary, analytics, marketing) with a fairly long id (the unique suffix makes it 33 characters).
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition, hint: "shop-example-com-checkout");
        Assert.AreEqual(33, site.Length);

        foreach (var allowed in new[] { true, false })
        {
            var cookie = (await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(definition, allowed), dnt: true, gpc: true, confirmedOverGpc: true)).Cookie;
            Assert.IsLessThanOrEqualTo(256, cookie.Value.Length, $"cookie value of {cookie.Value.Length} characters");
        }
    }

    [TestMethod]
    public async Task RecordConsent_LongestSiteIdAndVisitorId_SixCategories_CookieStillFitsABrowsersCookie()
    {
        var definition = TestSites.SixCategories();
        // The longest site id the API accepts (64 characters) and the longest visitor id (256 bits).
        var site = ("max-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))[..64];
        using (var created = await Api.PutSiteAsync(site, definition))
        {
            Assert.AreEqual(System.Net.HttpStatusCode.Created, created.StatusCode);
        }
        var key = (await Api.CreateKeyAsync(site)).Key;
        var visitor = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var cookie = (await Api.RecordAsync(site, key, visitor, TestSites.Choices(definition, allowed: false), dnt: true, gpc: true)).Cookie;

        // Choices are keyed by category id, so this is past the 256-character target of a typical site, but far
        // below the 4096 bytes a browser keeps for a cookie.
        Assert.IsLessThanOrEqualTo(512, cookie.Value.Length, $"cookie value of {cookie.Value.Length} characters");
    }

    [TestMethod]
    public async Task RecordConsent_Receipt_KeepsOnlyTheIpv4PrefixAndTheBrowserFamily()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)), ip: "203.0.113.77", userAgent: FirefoxUserAgent);

        var raw = await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor));
        // Every byte of the visitor's key: neither the full address (its last byte, 77, appears nowhere after the
        // prefix's three) nor anything of the user agent but its family.
        var bytes = (byte[])raw!;
        Assert.IsFalse(bytes.AsSpan().IndexOf(new byte[] { 203, 0, 113, 77 }) >= 0, "the address's last byte is not stored");
        Assert.IsTrue(bytes.AsSpan().IndexOf(new byte[] { 203, 0, 113 }) >= 0, "the /24 prefix is stored as three bytes");
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain("203.0.113.77", text);
        Assert.DoesNotContain("Mozilla", text);
        Assert.DoesNotContain("rv:128", text);
        var receipt = (await StoredVisitor.ReceiptsAsync(site, visitor)).Single();
        Assert.AreEqual("203.0.113.0/24", receipt.IpPrefix);
        Assert.AreEqual("Firefox", receipt.UserAgentFamily);
        Assert.AreEqual(site, receipt.Site);
        Assert.AreEqual(visitor, receipt.Visitor);
        Assert.AreEqual(ConsentSource.Banner, receipt.Source);
    }

    [TestMethod]
    public async Task RecordConsent_Receipt_KeepsOnlyTheIpv6Prefix()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)),
            ip: "2001:db8:85a3:1234:5678:8a2e:370:7334", userAgent: "curl/8.5.0");

        var bytes = (byte[])(await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor)))!;
        // The /48 is stored as its six bytes; the rest of the address (…:1234:5678:8a2e:370:7334) is not.
        byte[] kept = [0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3];
        Assert.IsTrue(bytes.AsSpan().IndexOf(kept.AsSpan()) >= 0);
        Assert.IsFalse(bytes.AsSpan().IndexOf([.. kept, (byte)0x12, (byte)0x34]) >= 0, "nothing after the /48 follows it");
        Assert.DoesNotContain("7334", System.Text.Encoding.Latin1.GetString(bytes));
        Assert.DoesNotContain("curl/8.5.0", System.Text.Encoding.Latin1.GetString(bytes));
        var receipt = (await StoredVisitor.ReceiptsAsync(site, visitor)).Single();
        Assert.AreEqual("2001:db8:85a3::/48", receipt.IpPrefix);
        Assert.AreEqual("curl", receipt.UserAgentFamily);
    }

    [TestMethod]
    public async Task RecordConsent_Receipt_RecordsTheSignalsSeen()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        var recorded = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)), gpc: true, confirmedOverGpc: true);

        Assert.AreEqual(new ConsentSignals(false, true), recorded.State.Signals);
        var receipt = (await Api.ExportAsync(site, key, visitor)).Receipts.Single();
        Assert.AreEqual(new ConsentSignals(false, true), receipt.Signals);
        // GPC applies to the sale-or-sharing category right away, whatever was chosen.
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControl), recorded.Decisions.Categories[2]);
    }

    [TestMethod]
    public async Task RecordConsent_GrantsOnly_StateLivesForTheConsentLifetime_AndReceiptsLonger()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { ConsentLifetimeDays = 90 });
        var visitor = TestApi.NewVisitor();

        var recorded = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        // One key, one expiry (the receipts'); the state inside it lapses on its own after the consent lifetime.
        var stored = await StoredVisitor.ReadAsync(site, visitor);
        AssertAbout(TimeSpan.FromDays(90), stored.State!.LapsesAt - DateTimeOffset.UtcNow);
        Assert.AreEqual(recorded.State.GivenAt.AddDays(90), recorded.State.ExpiresAt);
        var ttl = await TestAssembly.Database.KeyTimeToLiveAsync(Keys.Visitor(site, visitor));
        AssertAbout(TimeSpan.FromDays(90 + 3 * 365), ttl);
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    public async Task RecordConsent_WithARefusal_StateIsKeptAsLongAsTheReceipts_AndTheCookieFor400Days(bool analytics, bool marketing)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { ConsentLifetimeDays = 90 });
        var visitor = TestApi.NewVisitor();

        var recorded = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", analytics), ("marketing", marketing)));

        var stateTtl = (await StoredVisitor.ReadAsync(site, visitor)).State!.LapsesAt - DateTimeOffset.UtcNow;
        var receiptsTtl = (await TestAssembly.Database.KeyTimeToLiveAsync(Keys.Visitor(site, visitor)))!.Value;
        Assert.IsGreaterThan(TimeSpan.FromDays(3 * 365), stateTtl, "the refusal outlives the consent lifetime");
        Assert.IsLessThan(TimeSpan.FromMinutes(2), (stateTtl - receiptsTtl).Duration(), "the refusal lives as long as its receipts");
        Assert.AreEqual(recorded.State.GivenAt.AddDays(90), recorded.State.ExpiresAt, "grants still lapse after the consent lifetime");
        Assert.AreEqual(400 * 86400, recorded.Cookie.MaxAgeSeconds);
    }

    [TestMethod]
    public async Task RecordConsent_ChangeOfMind_ReplacesTheStateAndAppendsAReceipt()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var first = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        var second = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", true)));

        Assert.AreNotEqual(first.ReceiptId, second.ReceiptId);
        var decisions = await Api.GetConsentAsync(site, key, visitor);
        Assert.IsFalse(decisions.IsAllowed("analytics"));
        Assert.IsTrue(decisions.IsAllowed("marketing"));
        Assert.AreEqual(2, await StoredVisitor.ReceiptCountAsync(site, visitor));
    }

    [TestMethod]
    public async Task RecordConsent_RequiredCategoryMayBeGivenAsTrue()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        var recorded = await Api.RecordAsync(site, key, TestApi.NewVisitor(),
            TestSites.Choices(("necessary", true), ("analytics", false), ("marketing", false)));

        Assert.IsTrue(recorded.Decisions.IsAllowed("necessary"));
        Assert.IsFalse(recorded.Decisions.IsAllowed("analytics"));
    }

    private static void AssertAbout(TimeSpan expected, TimeSpan? actual)
    {
        Assert.IsNotNull(actual, "the key has a TTL");
        Assert.IsLessThanOrEqualTo(expected, actual.Value);
        Assert.IsGreaterThan(expected - TimeSpan.FromMinutes(2), actual.Value);
    }
}
