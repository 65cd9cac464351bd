using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Client.Tests.Http;

/// <summary>Every <see cref="ICookieConsentApi"/> and <see cref="ICookieConsentAdminApi"/> method against the real server and a real Redis.</summary>
[TestClass]
public sealed class RealServerClientTests
{
    private static ConsentServerFixture s_server = null!;
    private static int s_sites;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void Start(TestContext _) => s_server = ConsentServerFixture.Start();

    [ClassCleanup]
    public static async Task Stop() => await s_server.DisposeAsync();

    // Each test its own site.
    private static string NewSite() => $"client-{Interlocked.Increment(ref s_sites)}-{Guid.NewGuid():N}"[..40];

    private async Task<(string Site, ServiceProvider Services, ICookieConsentApi Api)> SiteAsync(ConsentRegime regime = ConsentRegime.OptIn)
    {
        var site = NewSite();
        var key = await s_server.CreateSiteAsync(site, ConsentServerFixture.Shop(regime), TestContext.CancellationToken);
        var services = s_server.Client(site, key);
        return (site, services, services.GetRequiredService<ICookieConsentApi>());
    }

    private static RecordConsentRequest Choice(bool analytics, bool marketing) =>
        new(new Dictionary<string, bool> { ["analytics"] = analytics, ["marketing"] = marketing }, ConsentSource.Api, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");

    [TestMethod]
    public async Task AdminMethods_PutGetSite_CreateAndRevokeKey()
    {
        var site = NewSite();
        using var admin = s_server.Client(site, null);
        var api = admin.GetRequiredService<ICookieConsentAdminApi>();

        var put = await api.PutSiteAsync(site, ConsentServerFixture.Shop(), TestContext.CancellationToken);
        var got = await api.GetSiteAsync(site, TestContext.CancellationToken);
        var created = await api.CreateKeyAsync(site, TestContext.CancellationToken);

        Assert.AreEqual(site, put.Id);
        Assert.AreEqual("Shop", got.Definition.DisplayName);
        Assert.HasCount(3, got.Definition.Categories);
        Assert.IsFalse(string.IsNullOrEmpty(created.Key));

        using var withKey = s_server.Client(site, created.Key);
        var siteApi = withKey.GetRequiredService<ICookieConsentApi>();
        await siteApi.GetStatsAsync(site, TestContext.CancellationToken);

        await api.RevokeKeyAsync(site, created.KeyId, TestContext.CancellationToken);

        var revoked = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => siteApi.GetStatsAsync(site, TestContext.CancellationToken));
        Assert.AreEqual(401, revoked.Status);
    }

    [TestMethod]
    public async Task GetPolicy_GivesTheDefinitionAndCurrentVersion_WithoutAKey()
    {
        var (site, services, _) = await SiteAsync();
        using var _ = services;
        using var anonymous = s_server.Client(site, "wrong-key");

        var policy = await anonymous.GetRequiredService<ICookieConsentApi>().GetPolicyAsync(site, TestContext.CancellationToken);

        Assert.AreEqual(site, policy.Site);
        Assert.AreEqual(1, policy.CurrentVersion);
        Assert.AreEqual("analytics", policy.Definition.Categories[1].Id);
    }

    [TestMethod]
    public async Task RecordThenRead_Verify_Export_Stats_Erase()
    {
        var (site, services, api) = await SiteAsync();
        using var _ = services;
        var visitor = ConsentIds.NewVisitorId();
        var ct = TestContext.CancellationToken;

        var recorded = await api.RecordConsentAsync(site, visitor, Choice(true, false), ConsentSignals.None, ct);
        Assert.AreEqual("cc_consent", recorded.Cookie.Name);
        Assert.IsTrue(recorded.Cookie.HttpOnly);
        Assert.IsTrue(recorded.Decisions.IsAllowed("analytics"));
        Assert.IsFalse(recorded.Decisions.IsAllowed("marketing"));

        var read = await api.GetConsentAsync(site, visitor, ConsentSignals.None, ct);
        Assert.IsTrue(read.IsAllowed("analytics"));
        Assert.AreEqual(1, read.PolicyVersion);

        var withDnt = await api.GetConsentAsync(site, visitor, new ConsentSignals(true, false), ct);
        Assert.IsFalse(withDnt.IsAllowed("analytics"));
        Assert.AreEqual(DecisionReason.DoNotTrack, withDnt.Categories.Single(c => c.Category == "analytics").Reason);

        var verified = await api.VerifyTokenAsync(site, recorded.Cookie.Value, ConsentSignals.None, ct);
        Assert.AreEqual(visitor, verified.Visitor);
        Assert.IsTrue(verified.IsAllowed("analytics"));

        var receipts = await api.ExportReceiptsAsync(site, visitor, ct);
        var receipt = receipts.Receipts.Single();
        Assert.AreEqual(recorded.ReceiptId, receipt.Id);
        Assert.IsTrue(receipt.Choices["analytics"]);

        var stats = await api.GetStatsAsync(site, ct);
        Assert.AreEqual(1, stats.Days.Where(d => d.Category == "analytics").Sum(d => d.OptIns));
        Assert.AreEqual(1, stats.Days.Where(d => d.Category == "marketing").Sum(d => d.OptOuts));

        await api.EraseVisitorAsync(site, visitor, ct);
        var erased = await api.GetConsentAsync(site, visitor, ConsentSignals.None, ct);
        Assert.AreEqual(DecisionReason.NoConsent, erased.Categories.Single(c => c.Category == "analytics").Reason, "the grant is erased");
        Assert.AreEqual(DecisionReason.VisitorRefusal, erased.Categories.Single(c => c.Category == "marketing").Reason, "the refusal is kept");
        Assert.AreEqual(ConsentEvent.Erased, (await api.ExportReceiptsAsync(site, visitor, ct)).Receipts.Single().Event, "only the erasure is left");
    }

    [TestMethod]
    public async Task Gpc_IsForwarded_WhenRecording()
    {
        var (site, services, api) = await SiteAsync();
        using var _ = services;

        var recorded = await api.RecordConsentAsync(site, ConsentIds.NewVisitorId(), Choice(true, false), new ConsentSignals(false, true), TestContext.CancellationToken);

        Assert.IsTrue(recorded.State.Signals.GlobalPrivacyControl);
        Assert.IsFalse(recorded.Decisions.IsAllowed("marketing"));
        Assert.IsTrue(recorded.Decisions.IsAllowed("analytics"));
    }

    [TestMethod]
    public async Task SaleOrSharingGrantWithGpc_IsAConflictProblem_UnlessConfirmed()
    {
        var (site, services, api) = await SiteAsync();
        using var _ = services;
        var visitor = ConsentIds.NewVisitorId();
        var gpc = new ConsentSignals(false, true);

        var conflict = await Assert.ThrowsExactlyAsync<ConsentApiException>(
            () => api.RecordConsentAsync(site, visitor, Choice(true, true), gpc, TestContext.CancellationToken));
        var confirmed = await api.RecordConsentAsync(site, visitor, Choice(true, true) with { ConfirmedOverGlobalPrivacyControl = true }, gpc,
            TestContext.CancellationToken);

        Assert.AreEqual(409, conflict.Status);
        Assert.AreEqual(1, (await api.ExportReceiptsAsync(site, visitor, TestContext.CancellationToken)).Receipts.Count);
        Assert.IsTrue(confirmed.State.Choices["marketing"]);
    }

    [TestMethod]
    public async Task RecordSignal_RecordsTheOptOut_AndCanTrackSaysNoWithoutSignalsLater()
    {
        var (site, services, api) = await SiteAsync();
        using var _ = services;
        var visitor = ConsentIds.NewVisitorId();
        await api.RecordConsentAsync(site, visitor, Choice(true, true), ConsentSignals.None, TestContext.CancellationToken);

        var recorded = await api.RecordSignalAsync(site, visitor, new ConsentSignals(false, true), TestContext.CancellationToken);
        var later = await api.GetConsentAsync(site, visitor, ConsentSignals.None, TestContext.CancellationToken);

        Assert.AreEqual(ConsentSource.Signal, recorded.State.Source);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.GlobalPrivacyControlRecorded), later.Categories.Single(c => c.Category == "marketing"));
        Assert.IsTrue(later.IsAllowed("analytics"));
    }

    [TestMethod]
    public async Task UnknownSite_404Problem()
    {
        using var admin = s_server.Client("nowhere", null);
        var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(
            () => admin.GetRequiredService<ICookieConsentApi>().GetPolicyAsync("no-such-site", TestContext.CancellationToken));

        Assert.AreEqual(404, error.Status);
        Assert.IsFalse(string.IsNullOrEmpty(error.Title));
    }

    [TestMethod]
    public async Task WrongKey_401_OtherSitesKey_403()
    {
        var (site, services, _) = await SiteAsync();
        using var _ = services;
        var (otherSite, otherServices, _) = await SiteAsync();
        using var __ = otherServices;
        var otherKey = await s_server.CreateSiteAsync(otherSite, ConsentServerFixture.Shop(), TestContext.CancellationToken);

        using var wrong = s_server.Client(site, "not-a-key");
        using var foreign = s_server.Client(site, otherKey);

        var unauthorized = await Assert.ThrowsExactlyAsync<ConsentApiException>(
            () => wrong.GetRequiredService<ICookieConsentApi>().GetStatsAsync(site, TestContext.CancellationToken));
        var forbidden = await Assert.ThrowsExactlyAsync<ConsentApiException>(
            () => foreign.GetRequiredService<ICookieConsentApi>().GetStatsAsync(site, TestContext.CancellationToken));

        Assert.AreEqual(401, unauthorized.Status);
        Assert.AreEqual(403, forbidden.Status);
    }

    [TestMethod]
    public async Task InvalidChoices_400ValidationProblem_WithErrorsByField()
    {
        var (site, services, api) = await SiteAsync();
        using var _ = services;

        var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => api.RecordConsentAsync(site, ConsentIds.NewVisitorId(),
            new RecordConsentRequest(new Dictionary<string, bool> { ["analytics"] = true }), ConsentSignals.None, TestContext.CancellationToken));

        Assert.AreEqual(400, error.Status);
        Assert.IsTrue(error.Errors!.ContainsKey("choices.marketing"));
    }

    [TestMethod]
    public async Task ForgedAndOtherSitesTokens_422()
    {
        var (site, services, api) = await SiteAsync();
        using var _ = services;
        var (otherSite, otherServices, otherApi) = await SiteAsync();
        using var __ = otherServices;
        var otherCookie = (await otherApi.RecordConsentAsync(otherSite, ConsentIds.NewVisitorId(), Choice(true, true), ConsentSignals.None, TestContext.CancellationToken)).Cookie.Value;

        var forged = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => api.VerifyTokenAsync(site, "Zm9yZ2Vk", ConsentSignals.None, TestContext.CancellationToken));
        var foreign = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => api.VerifyTokenAsync(site, otherCookie, ConsentSignals.None, TestContext.CancellationToken));

        Assert.AreEqual(422, forged.Status);
        Assert.AreEqual(422, foreign.Status);
    }

    [TestMethod]
    public async Task CanTrack_FollowsTheRecordedChoice_AndSaysNoOnEveryDoubt()
    {
        var (site, services, api) = await SiteAsync();
        using var _ = services;
        var checker = services.GetRequiredService<CookieConsent.Client.Checking.IConsentChecker>();
        var accepted = ConsentIds.NewVisitorId();
        var refused = ConsentIds.NewVisitorId();
        var ct = TestContext.CancellationToken;
        await api.RecordConsentAsync(site, accepted, Choice(true, true), ConsentSignals.None, ct);
        await api.RecordConsentAsync(site, refused, Choice(false, false), ConsentSignals.None, ct);

        Assert.IsTrue(await checker.CanTrackAsync(accepted, "analytics", ConsentSignals.None, ct));
        Assert.IsTrue(await checker.CanTrackAsync(accepted, "necessary", ConsentSignals.None, ct));
        Assert.IsFalse(await checker.CanTrackAsync(refused, "analytics", ConsentSignals.None, ct));
        Assert.IsFalse(await checker.CanTrackAsync(accepted, "analytics", new ConsentSignals(true, false), ct), "DNT");
        Assert.IsFalse(await checker.CanTrackAsync(accepted, "marketing", new ConsentSignals(false, true), ct), "GPC");
        Assert.IsFalse(await checker.CanTrackAsync(ConsentIds.NewVisitorId(), "analytics", ConsentSignals.None, ct), "unknown visitor");
        Assert.IsFalse(await checker.CanTrackAsync(accepted, "no-such-category", ConsentSignals.None, ct), "unknown category");
    }
}
