using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Receipts;

/// <summary><c>GET /v1/sites/{site}/visitors/{visitor}/receipts/notices</c>: what a client site's receipt download renders with.</summary>
[TestClass]
public sealed class ReceiptNoticesTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    private static SiteDefinition Named(SiteDefinition definition, string name) => definition with { DisplayName = name };

    private async Task RecordAsync(string site, string key, string visitor, SiteDefinition shown, string locale)
    {
        using var response = await Api.SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key,
            JsonContent.Create(new RecordConsentRequest(TestSites.Choices(shown, allowed: true),
                Shown: new(SiteRevisions.Hash(shown), locale, Pages.Wording.Version, ConsentControl.AcceptAll, ConsentSurface.SdkBanner)),
                ConsentJsonContext.Default.RecordConsentRequest));
        await TestApi.Expect(response, HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> GetAsync(string site, string? key, string visitor) =>
        await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/receipts/notices", key);

    [TestMethod]
    public async Task SiteKey_GetsExactlyTheRevisionsAndWordingTheVisitorsReceiptsName()
    {
        var first = Named(TestSites.Default(), "Shop one");
        var second = Named(first, "Shop two");
        var third = Named(first, "Shop three");
        var (site, key) = await Api.CreateSiteWithKeyAsync(first);
        await TestAssembly.Database.SetAddAsync(Keys.WordingVersions(), Pages.Wording.Version);
        await TestAssembly.Database.StringSetAsync(Keys.Wording(Pages.Wording.Version), Pages.Wording.Json, when: StackExchange.Redis.When.NotExists);
        var visitor = TestApi.NewVisitor();
        await RecordAsync(site, key, visitor, first, "de");
        await TestApi.Expect(await Api.PutSiteAsync(site, second), HttpStatusCode.OK);
        await TestApi.Expect(await Api.PutSiteAsync(site, third), HttpStatusCode.OK);
        await RecordAsync(site, key, visitor, third, "fr");

        using var response = await GetAsync(site, key, visitor);
        await TestApi.Expect(response, HttpStatusCode.OK);
        var notices = (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ReceiptNotices, TestContext.CancellationToken))!;

        CollectionAssert.AreEquivalent(new[] { SiteRevisions.Hash(first), SiteRevisions.Hash(third) },
            notices.Revisions.Select(r => r.Hash).ToArray(), "the revisions the receipts name, not the one no receipt was given under");
        CollectionAssert.AreEquivalent(new[] { "Shop one", "Shop three" }, notices.Revisions.Select(r => r.Definition.DisplayName).ToArray());
        Assert.AreEqual(Pages.Wording.Version, notices.Wordings.Keys.Single());
        Assert.AreEqual(Pages.BuiltInStrings.For("de").BannerTitle, notices.Wordings[Pages.Wording.Version].GetProperty("de").GetProperty("bannerTitle").GetString());
        Assert.AreEqual(Pages.BuiltInStrings.For("de").ServiceOptOut!.Title,
            notices.Wordings[Pages.Wording.Version].GetProperty("de").GetProperty("serviceOptOut").GetProperty("title").GetString(),
            "nested strings (the service opt-out page's) travel too");
    }

    [TestMethod]
    public async Task AVisitorWithoutReceipts_GetsNothing()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var response = await GetAsync(site, key, TestApi.NewVisitor());

        await TestApi.Expect(response, HttpStatusCode.OK);
        var notices = (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ReceiptNotices, TestContext.CancellationToken))!;
        Assert.IsEmpty(notices.Revisions);
        Assert.IsEmpty(notices.Wordings);
    }

    [TestMethod]
    public async Task AnotherSitesKey_IsRefused_AndNoKeyIsUnauthorized()
    {
        var definition = TestSites.Default();
        var (site, key) = await Api.CreateSiteWithKeyAsync(definition);
        var (_, otherKey) = await Api.CreateSiteWithKeyAsync(definition);
        var visitor = TestApi.NewVisitor();
        await RecordAsync(site, key, visitor, definition, "en");

        using var other = await GetAsync(site, otherKey, visitor);
        using var none = await GetAsync(site, null, visitor);

        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(none, HttpStatusCode.Unauthorized);
    }
}
