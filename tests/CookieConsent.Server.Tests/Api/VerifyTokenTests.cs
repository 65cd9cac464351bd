using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class VerifyTokenTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task ValidToken_AnswersItsDecisions()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync(TestSites.SixCategories());
        var visitor = TestApi.NewVisitor();
        var recorded = await Api.RecordAsync(site, key, visitor,
            TestSites.Choices(("preferences", true), ("analytics", false), ("marketing", true), ("advertising", false), ("social-media", true)));

        var decisions = await Api.VerifyAsync(site, key, recorded.Cookie.Value);

        Assert.AreEqual(site, decisions.Site);
        Assert.AreEqual(visitor, decisions.Visitor);
        Assert.AreEqual(1, decisions.PolicyVersion);
        Assert.AreEqual(recorded.State.ExpiresAt, decisions.ExpiresAt);
        CollectionAssert.AreEqual(recorded.Decisions.Categories.ToArray(), decisions.Categories.ToArray());
        Assert.IsTrue(decisions.IsAllowed("social-media"));
        Assert.IsFalse(decisions.IsAllowed("advertising"));
    }

    [TestMethod]
    public async Task ValidToken_WithDntOnTheRequest_IsDenied()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var recorded = await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));

        var decisions = await Api.VerifyAsync(site, key, recorded.Cookie.Value, dnt: true);

        Assert.AreEqual(new CategoryDecision("analytics", false, DecisionReason.DoNotTrack), decisions.Categories[1]);
    }

    [TestMethod]
    public async Task ValidToken_AfterThePolicyChangedACategory_AsksAgainForIt()
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        var recorded = await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));
        using var put = await Api.PutSiteAsync(site, definition with
        {
            PolicyVersions = [.. definition.PolicyVersions, new PolicyVersion(2, DateTimeOffset.UtcNow.AddSeconds(-1), ["marketing"])],
        });
        await TestApi.Expect(put, HttpStatusCode.OK);

        var decisions = await Api.VerifyAsync(site, key, recorded.Cookie.Value);

        Assert.AreEqual(new CategoryDecision("analytics", true, DecisionReason.VisitorChoice), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.PolicyChanged), decisions.Categories[2]);
    }

    [TestMethod]
    public async Task TamperedToken_EveryPosition_Answers422Problem()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var token = (await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)))).Cookie.Value;
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        // Every 7th character, plus the first and the last (a sample of the exhaustive token tests, over HTTP).
        var positions = Enumerable.Range(0, token.Length).Where(i => i % 7 == 0).Append(token.Length - 1).Distinct();
        foreach (var i in positions)
        {
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            using var response = await Api.VerifyResponseAsync(site, key, new string(chars));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        }

        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "verifying tampered tokens");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(4)]
    [DataRow(50)]
    public async Task TruncatedToken_Answers422Problem(int removed)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();
        var token = (await Api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)))).Cookie.Value;
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        using var response = await Api.VerifyResponseAsync(site, key, token[..^removed]);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.IsNotNull(problem.Detail);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "verifying a truncated token");
    }

    [TestMethod]
    public async Task TokenOfAnotherSite_Answers422Problem()
    {
        var (siteA, keyA) = await Api.CreateSiteWithKeyAsync(hint: "token-site-a");
        var (siteB, keyB) = await Api.CreateSiteWithKeyAsync(hint: "token-site-b");
        var visitor = TestApi.NewVisitor();
        var tokenA = (await Api.RecordAsync(siteA, keyA, visitor, TestSites.Choices(("analytics", true), ("marketing", true)))).Cookie.Value;
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, siteA, siteB);

        using var response = await Api.VerifyResponseAsync(siteB, keyB, tokenA);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, siteA, siteB)).AssertSameAs(before, "verifying another site's token");
        // Still valid where it belongs.
        await Api.VerifyAsync(siteA, keyA, tokenA);
    }

    [TestMethod]
    [DataRow("not-a-token")]
    [DataRow("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [DataRow("eyJhbGciOiJub25lIn0.e30.")]
    [DataRow("a+b/c==")]
    public async Task GarbageToken_Answers422Problem(string token)
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.VerifyResponseAsync(site, key, token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [TestMethod]
    public async Task OversizedToken_Answers422Problem()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.VerifyResponseAsync(site, key, new string('A', 4000));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [TestMethod]
    public async Task EmptyToken_Answers400ValidationProblem()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await Api.VerifyResponseAsync(site, key, "");

        await ProblemAssert.IsValidationProblemAsync(response, "token");
    }

    [TestMethod]
    [DataRow(ConsentRegime.OptIn, false)]
    [DataRow(ConsentRegime.OptOut, true)]
    public async Task ExpiredToken_ItsGrantLapsesToTheRegimeDefault_ItsRefusalStands(ConsentRegime regime, bool regimeDefault)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new ConsentServerFactory(TestAssembly.Redis.ConnectionString, time: clock);
        var api = new TestApi(factory.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync(TestSites.Default() with { ConsentLifetimeDays = 1, Regime = regime });
        var token = (await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", false)))).Cookie.Value;
        await api.VerifyAsync(site, key, token);

        clock.Advance(TimeSpan.FromDays(400));
        // The visitors' keys only: 400 days later the site key's last use is noted, which is bookkeeping, not consent.
        var visitors = $"cc:{{{site}:*";
        var before = await RedisSnapshot.TakeAsync(TestAssembly.Database, visitors);
        var decisions = await api.VerifyAsync(site, key, token);

        Assert.AreEqual(new CategoryDecision("analytics", regimeDefault, DecisionReason.Expired), decisions.Categories[1]);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);
        (await RedisSnapshot.TakeAsync(TestAssembly.Database, visitors)).AssertSameAs(before, "verifying an expired token");
    }
}
