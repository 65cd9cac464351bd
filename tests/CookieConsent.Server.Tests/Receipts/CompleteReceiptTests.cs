using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Receipts;

[TestClass]
public sealed class CompleteReceiptTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    private Task<HttpResponseMessage> PutAsync(string site, string key, string visitor, IReadOnlyDictionary<string, bool> choices,
        ConsentShown? shown, bool gpc = false) =>
        Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key,
            JsonContent.Create(new RecordConsentRequest(choices, ConsentSource.Banner, Shown: shown), ConsentJsonContext.Default.RecordConsentRequest),
            gpc ? [new("Sec-GPC", "1")] : null);

    [TestMethod]
    public async Task PlainApiCall_RecordsTheCurrentRevision_ControlAndSurfaceApi_AndTheServerDerivesEachEvent()
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        var visitor = TestApi.NewVisitor();

        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));

        var receipts = (await Api.ExportAsync(site, key, visitor)).Receipts;
        CollectionAssert.AreEqual(
            new ConsentEvent?[] { ConsentEvent.Given, ConsentEvent.Changed, ConsentEvent.Withdrawn, ConsentEvent.Changed },
            receipts.Select(r => r.Event).ToArray(), "refusing again what is already refused withdraws nothing");
        Assert.IsTrue(receipts.All(r => r.Revision == SiteRevisions.Hash(definition)));
        Assert.IsTrue(receipts.All(r => r is { Control: ConsentControl.Api, Surface: ConsentSurface.Api, Locale: null, Wording: null }));
    }

    [TestMethod]
    public async Task WhatTheCallerRendered_IsRecordedOnTheReceipt()
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        await TestAssembly.Database.SetAddAsync(Keys.WordingVersions(), Pages.Wording.Version);
        var visitor = TestApi.NewVisitor();
        var shown = new ConsentShown(SiteRevisions.Hash(definition), "de", Pages.Wording.Version, ConsentControl.RejectAll, ConsentSurface.SdkBanner);

        using var response = await PutAsync(site, key, visitor, TestSites.Choices(definition, allowed: false), shown);

        await TestApi.Expect(response, HttpStatusCode.OK);
        var receipt = (await Api.ExportAsync(site, key, visitor)).Receipts.Single();
        Assert.AreEqual(shown, new ConsentShown(receipt.Revision, receipt.Locale, receipt.Wording, receipt.Control, receipt.Surface));
        Assert.AreEqual(ConsentEvent.Given, receipt.Event);
    }

    [TestMethod]
    [DataRow("revision")]
    [DataRow("wording")]
    [DataRow("locale")]
    public async Task UnknownRevisionWordingOrLocale_Answers422_AndStoresNothing(string unknown)
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        await TestAssembly.Database.SetAddAsync(Keys.WordingVersions(), Pages.Wording.Version);
        var visitor = TestApi.NewVisitor();
        var shown = new ConsentShown(
            unknown == "revision" ? new string('0', 32) : SiteRevisions.Hash(definition),
            unknown == "locale" ? "xx" : "en",
            unknown == "wording" ? new string('a', 32) : Pages.Wording.Version,
            ConsentControl.Save, ConsentSurface.SdkPreferences);

        using var response = await PutAsync(site, key, visitor, TestSites.Choices(definition, allowed: true), shown);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.AreEqual("Unknown notice", problem.Title);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(TestContext.CancellationToken), "shown." + unknown);
        var left = await RedisSnapshot.TakeAsync(TestAssembly.Database, $"cc:{{{site}:{visitor}}}:*");
        Assert.IsEmpty(left.Entries, "nothing of the visitor is stored");
    }

    [TestMethod]
    public async Task ASiteSavedBeforeRevisions_GetsItsRevisionOnTheFirstReceipt()
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        var hash = SiteRevisions.Hash(definition);
        // As a site stored before revisions existed: a definition and nothing else.
        await TestAssembly.Database.KeyDeleteAsync([Keys.SiteRevision(site, hash), Keys.SiteRevisions(site)]);

        await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(definition, allowed: true));

        Assert.IsTrue(await TestAssembly.Database.KeyExistsAsync(Keys.SiteRevision(site, hash)));
        Assert.IsNotNull(await TestAssembly.Database.SortedSetScoreAsync(Keys.SiteRevisions(site), hash));
    }

    [TestMethod]
    public async Task AReceiptStoredBeforeTheseFields_StillReads_AndTheNextOneChainsOnToIt()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var old = $$"""{"id":"0123456789abcdef0123456789abcdef","site":"{{site}}","visitor":"{{visitor}}","timestamp":"2025-03-01T10:00:00+00:00","policyVersion":1,"choices":{"analytics":true,"marketing":false},"signals":{"doNotTrack":false,"globalPrivacyControl":false},"source":"banner","expiresAt":"2025-08-28T10:00:00+00:00","ipPrefix":"198.51.100.0/24","userAgentFamily":"Firefox"}""";
        await TestAssembly.Database.ListRightPushAsync(Keys.Receipts(site, visitor), old);

        var before = await Api.ExportAsync(site, key, visitor);
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        var after = await Api.ExportAsync(site, key, visitor);

        var read = before.Receipts.Single();
        Assert.AreEqual("0123456789abcdef0123456789abcdef", read.Id);
        Assert.IsTrue(read.Choices["analytics"]);
        Assert.IsNull(read.Revision);
        Assert.IsNull(read.Event);
        Assert.IsFalse(before.Chain!.Verified, "a receipt from before chains has nothing to verify against");
        Assert.IsNull(before.Chain.BrokenAt);
        Assert.AreEqual(ConsentEvent.Withdrawn, after.Receipts[1].Event);
        Assert.AreEqual(Core.Consent.ReceiptChain.HashOf(old), after.Receipts[1].Previous);
        Assert.IsTrue(after.Chain!.Verified);
    }

    [TestMethod]
    public async Task ARecordedGlobalPrivacyControl_IsASignalEvent_WithControlSignal()
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        var visitor = TestApi.NewVisitor();

        await Api.GetConsentAsync(site, key, visitor, gpc: true);

        var receipt = (await Api.ExportAsync(site, key, visitor)).Receipts.Single();
        Assert.AreEqual(ConsentEvent.Signal, receipt.Event);
        Assert.AreEqual(ConsentControl.Signal, receipt.Control);
        Assert.AreEqual(SiteRevisions.Hash(definition), receipt.Revision);
    }
}
