using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace CookieConsent.Server.Tests.Receipts;

/// <summary>
/// A visitor stored by the previous release (three keys: state JSON, a list of receipt JSON, the chain head) is read
/// as it was and moves to the one key on its next write, old keys deleted in the same step.
/// </summary>
[TestClass]
public sealed class OldLayoutTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    private static readonly TimeSpan Retention = TimeSpan.FromDays(3 * 365);

    // The previous release's own commands (its record script, one receipt at a time), with its exact JSON: a grant of
    // analytics and marketing, then marketing refused, each chained to the one before; both in today's site digest.
    private static async Task<(string First, string Second, string Head, DateTimeOffset At)> StoreOldVisitorAsync(string site, string visitor)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        var time = at.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        var expires = at.AddDays(180).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        var revision = SiteRevisions.Hash(TestSites.Default());
        var first = $$"""{"id":"aa00000000000000000000000000000a","site":"{{site}}","visitor":"{{visitor}}","timestamp":"{{time}}","policyVersion":1,"choices":{"analytics":true,"marketing":true},"signals":{"doNotTrack":false,"globalPrivacyControl":false},"source":"banner","expiresAt":"{{expires}}","ipPrefix":"203.0.113.0/24","userAgentFamily":"Firefox","rev":"{{revision}}","locale":"de","control":"accept-all","event":"given","surface":"sdk-banner"}""";
        var second = $$"""{"id":"bb00000000000000000000000000000b","site":"{{site}}","visitor":"{{visitor}}","timestamp":"{{time}}","policyVersion":1,"choices":{"analytics":true,"marketing":false},"signals":{"doNotTrack":false,"globalPrivacyControl":false},"source":"preferences","expiresAt":"{{expires}}","ipPrefix":"203.0.113.0/24","userAgentFamily":"Firefox","rev":"{{revision}}","locale":"de","control":"save","event":"changed","surface":"sdk-preferences","prev":"{{ReceiptChain.HashOf(first)}}"}""";
        var state = $$$$"""{"choices":{"analytics":true,"marketing":false},"policyVersion":1,"givenAt":"{{{{time}}}}","expiresAt":"{{{{expires}}}}","signals":{"doNotTrack":false,"globalPrivacyControl":false},"source":"preferences","receiptId":"bb00000000000000000000000000000b","refusals":{"marketing":{"since":"{{{{time}}}}","source":"preferences"}}}""";
        var keep = (long)(TimeSpan.FromDays(180) + Retention).TotalMilliseconds;
        var database = TestAssembly.Database;
        foreach (var receipt in new[] { first, second })
        {
            await database.ExecuteAsync("SET", $"cc:{{{site}:{visitor}}}:consent", state, "PX", keep);
            await database.ExecuteAsync("RPUSH", $"cc:{{{site}:{visitor}}}:receipts", receipt);
            await database.ExecuteAsync("PEXPIRE", $"cc:{{{site}:{visitor}}}:receipts", keep);
            await database.ExecuteAsync("SET", $"cc:{{{site}:{visitor}}}:head", ReceiptChain.HashOf(receipt), "PX", keep);
            await PreviousReleaseDigest.AddAsync(database, site, DateOnly.FromDateTime(at.UtcDateTime), visitor, ReceiptChain.HashOf(receipt), Retention);
        }
        return (first, second, ReceiptChain.HashOf(second), at);
    }

    private static string[] OldKeys(string site, string visitor) =>
        [$"cc:{{{site}:{visitor}}}:consent", $"cc:{{{site}:{visitor}}}:receipts", $"cc:{{{site}:{visitor}}}:head"];

    private async Task<SiteDayVerification> VerifyDayAsync(string site, DateTimeOffset at)
    {
        using var response = await Api.SendAsync(HttpMethod.Get,
            $"/v1/sites/{site}/receipts/verify?day={at.UtcDateTime:yyyy-MM-dd}", ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteDayVerification, TestContext.CancellationToken))!;
    }

    private static async Task<bool> AnyExistsAsync(params string[] keys) =>
        await TestAssembly.Database.KeyExistsAsync(keys.Select(k => (RedisKey)k).ToArray()) > 0;

    [TestMethod]
    public async Task AVisitorInTheOldLayout_IsReadAsStored_StateReceiptsAndAVerifiedChain()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var (_, _, head, at) = await StoreOldVisitorAsync(site, visitor);

        var decisions = await Api.GetConsentAsync(site, key, visitor);
        var export = await Api.ExportAsync(site, key, visitor);

        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.VisitorChoice), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);
        CollectionAssert.AreEqual(new[] { "aa00000000000000000000000000000a", "bb00000000000000000000000000000b" },
            export.Receipts.Select(r => r.Id).ToArray());
        Assert.AreEqual("de", export.Receipts[1].Locale);
        Assert.AreEqual(new ReceiptChainCheck(true, null, head), export.Chain);
        Assert.IsTrue((await VerifyDayAsync(site, at)).Verified);
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Visitor(site, visitor)), "reading moves nothing");
    }

    [TestMethod]
    public async Task OnItsNextWrite_TheVisitorMovesToOneKey_TheOldKeysAreGone_AndTheChainRunsOnThroughTheOldReceipts()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var (first, second, head, at) = await StoreOldVisitorAsync(site, visitor);
        var oldTtl = (await TestAssembly.Database.KeyTimeToLiveAsync(OldKeys(site, visitor)[1]))!.Value;

        var recorded = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));

        Assert.IsFalse(await AnyExistsAsync(OldKeys(site, visitor)), "the old keys went in the same step");
        var stored = await StoredVisitor.ReadAsync(site, visitor);
        // The old receipts keep their exact bytes (and so their hashes); the new one links to the old head.
        CollectionAssert.AreEqual(System.Text.Encoding.UTF8.GetBytes(first), stored.Receipts[0].Bytes[1..].ToArray());
        CollectionAssert.AreEqual(System.Text.Encoding.UTF8.GetBytes(second), stored.Receipts[1].Bytes[1..].ToArray());
        Assert.AreEqual(head, stored.Receipts[2].Receipt!.Previous);
        Assert.AreEqual(recorded.ReceiptId, stored.State!.State.ReceiptId);
        var ttl = (await TestAssembly.Database.KeyTimeToLiveAsync(Keys.Visitor(site, visitor)))!.Value;
        Assert.IsGreaterThanOrEqualTo(oldTtl - TimeSpan.FromMinutes(1), ttl, "the receipts are kept at least as long as before");

        var export = await Api.ExportAsync(site, key, visitor);
        Assert.HasCount(3, export.Receipts);
        Assert.AreEqual(ConsentEvent.Withdrawn, export.Receipts[2].Event);
        Assert.IsTrue(export.Chain!.Verified);
        var day = await VerifyDayAsync(site, at);
        Assert.IsTrue(day.Verified, string.Join(", ", day.Broken));
        Assert.IsFalse((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"));
    }

    [TestMethod]
    public async Task AVisitorInTheOldLayout_IsErased_OldKeysGone_RefusalKept_DayVerifies()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var visitor = TestApi.NewVisitor();
        var (_, _, _, at) = await StoreOldVisitorAsync(site, visitor);

        await Api.EraseAsync(site, key, visitor);

        Assert.IsFalse(await AnyExistsAsync(OldKeys(site, visitor)));
        var export = await Api.ExportAsync(site, key, visitor);
        Assert.AreEqual(ConsentEvent.Erased, export.Receipts.Single().Event);
        Assert.IsTrue(export.Chain!.Verified);
        var decisions = await Api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);
        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.NoConsent), decisions.Categories[1]);
        var day = await VerifyDayAsync(site, at);
        Assert.IsTrue(day.Verified, string.Join(", ", day.Broken));
        Assert.AreEqual(1, day.Receipts, "only the erasure is left of the day");
    }

    [TestMethod]
    public async Task AnOldReceiptEditedBeforeTheMove_StaysDetectedAfterIt()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var (first, _, _, _) = await StoreOldVisitorAsync(site, visitor);
        await TestAssembly.Database.ListSetByIndexAsync(OldKeys(site, visitor)[1], 0,
            first.Replace("\"analytics\":true", "\"analytics\":false", StringComparison.Ordinal));

        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));

        Assert.IsFalse(await AnyExistsAsync(OldKeys(site, visitor)));
        var export = await Api.ExportAsync(site, key, visitor);
        Assert.AreEqual(new ReceiptChainCheck(false, 1, export.Chain!.Head), export.Chain, "the second no longer links to the edited first");
    }
}
