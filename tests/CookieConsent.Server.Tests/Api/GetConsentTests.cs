using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class GetConsentTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task UnknownVisitor_OptIn_DeniesEveryOptionalCategoryWithReasonNoConsent()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();

        var decisions = await Api.GetConsentAsync(site, key, visitor);

        Assert.AreEqual(site, decisions.Site);
        Assert.AreEqual(visitor, decisions.Visitor);
        Assert.IsNull(decisions.PolicyVersion);
        Assert.IsNull(decisions.ExpiresAt);
        CollectionAssert.AreEqual(
            new[]
            {
                new CategoryDecision("necessary", true, DecisionReason.Required),
                new CategoryDecision("analytics", false, DecisionReason.NoConsent),
                new CategoryDecision("marketing", false, DecisionReason.NoConsent),
            },
            decisions.Categories.ToArray());
    }

    [TestMethod]
    public async Task UnknownVisitor_OptOut_AllowsEveryOptionalCategoryWithReasonNoConsent()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });

        var decisions = await Api.GetConsentAsync(site, key, TestApi.NewVisitor());

        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.NoConsent), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", true, DecisionReason.NoConsent), decisions.Categories[2]);
    }

    [TestMethod]
    public async Task OptOut_GpcSignal_DeniesSaleOrSharingForAnUnknownVisitor()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });

        var decisions = await Api.GetConsentAsync(site, key, TestApi.NewVisitor(), gpc: true);

        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.NoConsent), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControl), decisions.Categories[2]);
        Assert.IsTrue(decisions.Signals.GlobalPrivacyControl);
    }

    [TestMethod]
    public async Task OptOut_VisitorSaidNo_IsDenied()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { Regime = ConsentRegime.OptOut });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));

        var decisions = await Api.GetConsentAsync(site, key, visitor);

        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);
    }

    [TestMethod]
    public async Task RecordedVisitor_GetsTheirChoices_WithPolicyVersionAndExpiry()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        var recorded = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", true)));

        var decisions = await Api.GetConsentAsync(site, key, visitor);

        Assert.AreEqual(1, decisions.PolicyVersion);
        Assert.AreEqual(recorded.State.ExpiresAt, decisions.ExpiresAt);
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.VisitorRefusal), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", true, DecisionReason.VisitorChoice), decisions.Categories[2]);
    }

    [TestMethod]
    public async Task DoNotTrack_HonouredBySite_DeniesEveryOptionalCategoryDespiteConsent()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { HonorDoNotTrack = true });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        var decisions = await Api.GetConsentAsync(site, key, visitor, dnt: true);

        Assert.IsTrue(decisions.Signals.DoNotTrack);
        Assert.AreEqual(new CategoryDecision("necessary", true, DecisionReason.Required), decisions.Categories[0]);
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.DoNotTrack), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.DoNotTrack), decisions.Categories[2]);
        // The signal applies to the request; the stored choice is unchanged.
        Assert.IsTrue((await Api.GetConsentAsync(site, key, visitor)).IsAllowed("analytics"));
    }

    [TestMethod]
    public async Task DoNotTrack_NotHonouredBySite_KeepsTheVisitorsChoices()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { HonorDoNotTrack = false });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        var decisions = await Api.GetConsentAsync(site, key, visitor, dnt: true);

        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.VisitorChoice), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", true, DecisionReason.VisitorChoice), decisions.Categories[2]);
    }

    [TestMethod]
    public async Task DoNotTrack_HeaderOtherThanOne_IsNoSignal()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/consent", key, null,
            [new("DNT", "0"), new("Sec-GPC", "0")]);

        await TestApi.Expect(response, HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.DoesNotContain("do-not-track", body);
        Assert.DoesNotContain("global-privacy-control", body);
    }

    [TestMethod]
    public async Task Gpc_HonouredBySite_DeniesOnlySaleOrSharingCategories()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { HonorGlobalPrivacyControl = true });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        var decisions = await Api.GetConsentAsync(site, key, visitor, gpc: true);

        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.VisitorChoice), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControl), decisions.Categories[2]);
    }

    [TestMethod]
    public async Task Gpc_NotHonouredBySite_KeepsTheVisitorsChoices()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.Default() with { HonorGlobalPrivacyControl = false });
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        var decisions = await Api.GetConsentAsync(site, key, visitor, gpc: true);

        Assert.AreEqual(new CategoryDecision("marketing", true, DecisionReason.VisitorChoice), decisions.Categories[2]);
    }

    [TestMethod]
    public async Task PolicyVersionChange_AsksAgainForTheChangedCategoryOnly()
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        using var put = await Api.PutSiteAsync(site, definition with
        {
            PolicyVersions = [.. definition.PolicyVersions, new PolicyVersion(2, DateTimeOffset.UtcNow.AddSeconds(-1), ["analytics"])],
        });
        await TestApi.Expect(put, HttpStatusCode.OK);

        var decisions = await Api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.PolicyChanged), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", true, DecisionReason.VisitorChoice), decisions.Categories[2]);

        // Answering the new version settles it.
        var again = await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        Assert.AreEqual(2, again.State.PolicyVersion);
        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.VisitorChoice), (await Api.GetConsentAsync(site, key, visitor)).Categories[1]);
    }

    [TestMethod]
    public async Task PolicyVersionScheduledInTheFuture_ChangesNothingYet()
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        var visitor = TestApi.NewVisitor();
        await Api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        using var put = await Api.PutSiteAsync(site, definition with
        {
            PolicyVersions = [.. definition.PolicyVersions, new PolicyVersion(2, DateTimeOffset.UtcNow.AddDays(14), ["analytics", "marketing"])],
        });
        await TestApi.Expect(put, HttpStatusCode.OK);

        var decisions = await Api.GetConsentAsync(site, key, visitor);
        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.VisitorChoice), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", true, DecisionReason.VisitorChoice), decisions.Categories[2]);
        // A new visitor still answers the version in effect.
        var recorded = await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));
        Assert.AreEqual(1, recorded.State.PolicyVersion);
    }

    [TestMethod]
    public async Task ExpiredConsent_CountsAsNoConsent()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new ConsentServerFactory(TestAssembly.Redis.ConnectionString, time: clock);
        var api = new TestApi(factory.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync(TestSites.Default() with { ConsentLifetimeDays = 1 });
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var decisions = await api.GetConsentAsync(site, key, visitor);

        // A state of grants only lapses with them (a refusal would be kept): nothing is left to answer from.
        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.NoConsent), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.NoConsent), decisions.Categories[2]);
    }
}
