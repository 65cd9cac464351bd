using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

/// <summary>Sec-GPC: 1 is recorded as the visitor's opt-out and outlives the request; a conflicting "yes" needs confirmation.</summary>
[TestClass]
public sealed class GlobalPrivacyControlTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    [DataRow(ConsentRegime.OptIn)]
    [DataRow(ConsentRegime.OptOut)]
    public async Task GpcSeenOnce_LaterReadsWithoutTheSignal_SayRefusedNamingTheSignal(ConsentRegime regime)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = regime });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        var withSignal = await Api.GetConsentAsync(site, key, visitor, gpc: true);
        var later = await Api.GetConsentAsync(site, key, visitor);

        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControl), withSignal.Categories[2]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControlRecorded), later.Categories[2]);
        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.VisitorChoice), later.Categories[1], "other choices are kept");
        var receipts = (await Api.ExportAsync(site, key, visitor)).Receipts;
        Assert.HasCount(2, receipts);
        Assert.AreEqual(ConsentSource.Signal, receipts[1].Source);
        Assert.IsFalse(receipts[1].Choices["marketing"]);
        Assert.IsTrue(receipts[1].Choices["analytics"]);
    }

    [TestMethod]
    public async Task GpcSentAgainAndAgain_IsRecordedOnce()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        for (var i = 0; i < 3; i++)
        {
            await Api.GetConsentAsync(site, key, visitor, gpc: true);
        }

        Assert.AreEqual(2, await StoredVisitor.ReceiptCountAsync(site, visitor));
    }

    [TestMethod]
    public async Task GpcForAVisitorWithoutState_RecordsTheOptOutOnly_OtherCategoriesStillAsked()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var visitor = TestApi.NewVisitor();

        await Api.GetConsentAsync(site, key, visitor, gpc: true);
        var later = await Api.GetConsentAsync(site, key, visitor);

        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.NoConsent), later.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControlRecorded), later.Categories[2]);
        Assert.IsTrue(later.NeedsChoice);
    }

    [TestMethod]
    public async Task GpcOnASiteThatDoesNotHonourIt_IsNotRecorded()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { HonorGlobalPrivacyControl = false });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        await Api.GetConsentAsync(site, key, visitor, gpc: true);

        Assert.IsTrue((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("marketing"));
        Assert.AreEqual(1, await StoredVisitor.ReceiptCountAsync(site, visitor));
    }

    [TestMethod]
    public async Task VerifyWithGpc_RecordsTheOptOutForTheCookiesVisitor()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var visitor = TestApi.NewVisitor();
        var cookie = (await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)))).Cookie.Value;

        await Api.VerifyAsync(site, key, cookie, gpc: true);

        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControlRecorded),
            (await Api.GetConsentAsync(site, key, visitor)).Categories[2]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControlRecorded),
            (await Api.VerifyAsync(site, key, cookie)).Categories[2], "the old cookie no longer says yes either");
    }

    [TestMethod]
    public async Task RecordSignal_AnswersTheConsentWithACookieThatCarriesTheOptOut()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var visitor = TestApi.NewVisitor();

        using var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/visitors/{visitor}/consent/signal", key, null,
            [new("Sec-GPC", "1")]);

        await TestApi.Expect(response, HttpStatusCode.OK);
        var recorded = (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.RecordConsentResponse, TestContext.CancellationToken))!;
        Assert.AreEqual(ConsentSource.Signal, recorded.State.Source);
        Assert.AreEqual(400 * 86400, recorded.Cookie.MaxAgeSeconds);
        var verified = await Api.VerifyAsync(site, key, recorded.Cookie.Value);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControlRecorded), verified.Categories[2]);
        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.NoConsent), verified.Categories[1]);
    }

    [TestMethod]
    public async Task RecordSignal_WithoutTheHeader_Answers400NamingIt_AndStoresNothing()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        using var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sites/{site}/visitors/{visitor}/consent/signal", key);

        await ProblemAssert.IsValidationProblemAsync(response, "Sec-GPC");
        Assert.IsFalse(await TestAssembly.Database.KeyExistsAsync(Keys.Visitor(site, visitor)));
    }

    [TestMethod]
    public async Task GrantOfSaleOrSharingWithGpc_WithoutConfirmation_Answers409AndStoresNothing()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.PutConsentAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)), gpc: true);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        StringAssert.Contains(problem.Detail, "marketing");
        StringAssert.Contains(problem.Detail, "confirmedOverGlobalPrivacyControl");
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "a conflicting grant");
    }

    [TestMethod]
    public async Task GrantOfSaleOrSharingWithGpc_Confirmed_IsStored()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)), gpc: true, confirmedOverGpc: true);

        Assert.IsTrue((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("marketing"));
    }

    [TestMethod]
    public async Task GrantConfirmedOverGpc_IsNotUndoneByTheSameSignalOnLaterRequests()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)), gpc: true, confirmedOverGpc: true);

        var withSignal = await Api.GetConsentAsync(site, key, visitor, gpc: true);
        var after = await Api.GetConsentAsync(site, key, visitor);

        Assert.IsFalse(withSignal.IsAllowed("marketing"), "the signal still refuses sale or sharing on its own request");
        Assert.IsTrue(after.IsAllowed("marketing"), "the confirmed grant was not overwritten by a recorded signal");
        Assert.AreEqual(1, (await Api.ExportAsync(site, key, visitor)).Receipts.Count, "no signal receipt was written");
    }

    [TestMethod]
    public async Task RefusalOfSaleOrSharingWithGpc_NeedsNoConfirmation()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", false)), gpc: true);
    }
}
