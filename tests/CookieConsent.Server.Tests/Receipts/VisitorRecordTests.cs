using System.Net;
using System.Net.Http.Json;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Receipts;

/// <summary>The visitor's one key: what it holds, what it costs, and what happens when its bytes are changed.</summary>
[TestClass]
public sealed class VisitorRecordTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    private const string FirefoxUserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    // A receipt with every field the proof of consent adds: revision, locale, wording, control, surface, IP prefix,
    // browser family, and (after the first) the chain link.
    private async Task RecordFullAsync(string site, string key, string visitor, string revision, bool analytics)
    {
        var request = new RecordConsentRequest(TestSites.Choices(("analytics", analytics), ("marketing", false)), ConsentSource.Preferences,
            "203.0.113.77", FirefoxUserAgent,
            Shown: new ConsentShown(revision, "de", Pages.Wording.Version, ConsentControl.Save,
                ConsentSurface.SdkPreferences));
        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key,
            JsonContent.Create(request, ConsentJsonContext.Default.RecordConsentRequest));
        await TestApi.Expect(response, HttpStatusCode.OK);
    }

    // An opt-out site's visitor who refused both optional categories, whose stored record is then replaced by
    // edit(record); returns the bytes now stored.
    private async Task<(string Site, string Key, string Visitor, byte[] Stored)> RefusalStoredAsAsync(Func<byte[], byte[]> edit)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        var stored = edit((byte[])(await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor)))!);
        await TestAssembly.Database.StringSetAsync(Keys.Visitor(site, visitor), stored, null, keepTtl: true);
        return (site, key, visitor, stored);
    }

    [TestMethod]
    public async Task StateAndOneCompleteReceipt_TakeAtMost160Bytes_AndEachFurtherReceiptAtMost100()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var other = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, other, TestSites.Choices(("analytics", true), ("marketing", false)));
        var revision = (await Api.ExportAsync(site, key, other)).Receipts.Single().Revision!;

        await RecordFullAsync(site, key, visitor, revision, analytics: true);
        var one = (await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor))).Length();
        await RecordFullAsync(site, key, visitor, revision, analytics: false);
        await RecordFullAsync(site, key, visitor, revision, analytics: true);
        var three = (await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor))).Length();

        var receipts = (await Api.ExportAsync(site, key, visitor)).Receipts;
        Assert.IsTrue(receipts.All(r => r is { Revision: not null, Locale: "de", Wording: not null, IpPrefix: "203.0.113.0/24",
            UserAgentFamily: "Firefox", Control: ConsentControl.Save, Surface: ConsentSurface.SdkPreferences }), "every field is kept");
        Assert.IsLessThanOrEqualTo(160, one, $"state and one receipt: {one} bytes");
        Assert.IsLessThanOrEqualTo(200, three - one, $"two further receipts: {three - one} bytes");
    }

    [TestMethod]
    public async Task AStringOfTheRecordsTableEdited_InTheSitesList_BreaksTheChain()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        // Every receipt names "marketing" through the record's table, which names the site's list: renaming it there
        // renames it in each receipt (of every visitor of the site), for an instance that has read the list already too.
        var list = (await TestAssembly.Database.ListRangeAsync(Keys.SiteStrings(site))).Select(e => (string)e!).ToList();
        Assert.Contains("marketing", list);
        await TestAssembly.Database.ListSetByIndexAsync(Keys.SiteStrings(site), list.IndexOf("marketing"), "advertise");

        var export = await Api.ExportAsync(site, key, visitor);

        Assert.IsTrue(export.Receipts.All(r => r.Choices.ContainsKey("advertise")), "the edit reads");
        Assert.AreEqual(new ReceiptChainCheck(false, 1, export.Chain!.Head), export.Chain, "the second no longer links to the first");
    }

    [TestMethod]
    public async Task ARecordOfANewerFormat_DeniesEveryOptionalCategory_AndIsNeitherWrittenOverNorErased_UntilThisServerKnowsIt()
    {
        // What a later version writes during a rolling upgrade, as far as this one can tell: a format byte it does not know.
        var (site, key, visitor, newer) = await RefusalStoredAsAsync(value =>
        {
            var edited = value.ToArray();
            edited[0] = 3;
            return edited;
        });

        var decisions = await Api.GetConsentAsync(site, key, visitor);
        using var put = await Api.PutConsentAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        using var export = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/receipts", key);
        using var erase = await Api.SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}", key);

        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.Unavailable), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.Unavailable), decisions.Categories[2]);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, put.StatusCode, "a write would bury the newer state");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, export.StatusCode);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, erase.StatusCode, "an erasure must keep the refusals it cannot read");
        CollectionAssert.AreEqual(newer, (byte[])(await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor)))!);
    }

    [TestMethod]
    public async Task ARecordWhoseBytesNoLongerRead_DeniesEveryOptionalCategory_AndShowsAsBroken_AndANewChoiceKeepsTheEvidence()
    {
        var (site, key, visitor, truncated) = await RefusalStoredAsAsync(value => value[..(value.Length / 2)]);

        // The refusal can no longer be read: the opt-out regime's default must not take its place.
        var decisions = await Api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.Unavailable), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.Unavailable), decisions.Categories[2]);
        var export = await Api.ExportAsync(site, key, visitor);
        Assert.IsEmpty(export.Receipts);
        Assert.AreEqual(0, export.Chain!.BrokenAt);

        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        var after = await Api.ExportAsync(site, key, visitor);
        Assert.HasCount(1, after.Receipts, "the new choice reads");
        Assert.AreEqual(0, after.Chain!.BrokenAt, "the unreadable bytes are kept in front of it");
        Assert.IsFalse((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("marketing"));
        Assert.Contains(Encoding.Latin1.GetString(truncated),
            Encoding.Latin1.GetString((byte[])(await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor)))!));
    }
}
