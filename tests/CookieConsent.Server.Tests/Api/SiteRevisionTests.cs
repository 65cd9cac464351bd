using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

[TestClass]
public sealed class SiteRevisionTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task TextChangeWithoutNewPolicyVersion_IsANewRevision_AndEveryRevisionKeepsItsOwnWords()
    {
        var first = TestSites.Default();
        var site = await Api.CreateSiteAsync(first);
        var second = first with
        {
            Categories = [.. first.Categories.Select(c => c.Id == "analytics"
                ? c with { Texts = new Dictionary<string, CategoryText> { ["en"] = new("Statistics", "Counts visits, nothing else.") } }
                : c)],
        };
        using var put = await Api.PutSiteAsync(site, second);
        await TestApi.Expect(put, HttpStatusCode.OK);
        var answer = await put.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteResponse, TestContext.CancellationToken);

        var list = await GetListAsync(site);

        CollectionAssert.AreEqual(new[] { SiteRevisions.Hash(first), SiteRevisions.Hash(second) }, list.Revisions.Select(r => r.Hash).ToArray());
        Assert.AreEqual(SiteRevisions.Hash(second), list.Current);
        Assert.AreEqual(list.Current, answer!.CurrentRevision);
        Assert.IsTrue(list.Revisions.All(r => r.PolicyVersion == 1));
        var old = await GetRevisionAsync(site, list.Revisions[0].Hash);
        Assert.AreEqual("analytics", old.Definition.Categories[1].Texts["en"].Name);
        var current = await GetRevisionAsync(site, list.Revisions[1].Hash);
        Assert.AreEqual("Statistics", current.Definition.Categories[1].Texts["en"].Name);
    }

    [TestMethod]
    public async Task SavingTheSameDefinitionAgain_AddsNoRevision_AndKeepsItsFirstTime()
    {
        var definition = TestSites.Default();
        var site = await Api.CreateSiteAsync(definition);
        var before = await GetListAsync(site);

        using var again = await Api.PutSiteAsync(site, definition);
        await TestApi.Expect(again, HttpStatusCode.OK);

        var after = await GetListAsync(site);
        Assert.HasCount(1, after.Revisions);
        Assert.AreEqual(before.Revisions[0], after.Revisions[0]);
    }

    [TestMethod]
    public async Task RevisionHash_IsSha256OfTheStoredCanonicalJson_SortedAndWithoutWhitespace()
    {
        var site = await Api.CreateSiteAsync(TestSites.Default() with { Controller = new("Shop Ltd", "privacy@shop.example") });
        var list = await GetListAsync(site);

        var stored = (byte[])(await TestAssembly.Database.StringGetAsync(Keys.SiteRevision(site, list.Current!)))!;

        Assert.AreEqual(list.Current, Convert.ToHexStringLower(SHA256.HashData(stored))[..32]);
        var text = Encoding.UTF8.GetString(stored);
        Assert.DoesNotContain("\": ", text);
        Assert.DoesNotContain(", \"", text);
        Assert.StartsWith("{\"allowedReturnHosts\":", text);
        Assert.IsLessThan(text.IndexOf("\"cookieName\"", StringComparison.Ordinal), text.IndexOf("\"controller\":{\"contact\":\"privacy@shop.example\",\"legalName\":\"Shop Ltd\"}", StringComparison.Ordinal));
        Assert.IsNull(await TestAssembly.Database.KeyTimeToLiveAsync(Keys.SiteRevision(site, list.Current!)), "a revision never expires");
    }

    [TestMethod]
    public async Task ControllerDetails_ArePartOfTheRevision()
    {
        var definition = TestSites.Default();
        var site = await Api.CreateSiteAsync(definition);

        using var put = await Api.PutSiteAsync(site, definition with { Controller = new("Shop Ltd", null, "https://shop.example/privacy") });
        await TestApi.Expect(put, HttpStatusCode.OK);

        var list = await GetListAsync(site);
        Assert.HasCount(2, list.Revisions);
        var current = await GetRevisionAsync(site, list.Current!);
        Assert.AreEqual("https://shop.example/privacy", current.Definition.Controller!.PrivacyPolicyUrl);
    }

    [TestMethod]
    public async Task InvalidControllerDetails_Answer400NamingThem_AndAddNoRevision()
    {
        var site = await Api.CreateSiteAsync();

        using var put = await Api.PutSiteAsync(site, TestSites.Default() with { Controller = new(" ", "", "ftp://shop.example/privacy") });

        await ProblemAssert.IsValidationProblemAsync(put, "controller.legalName", "controller.contact", "controller.privacyPolicyUrl");
        Assert.HasCount(1, (await GetListAsync(site)).Revisions);
    }

    [TestMethod]
    public async Task Revisions_NeedTheAdminKey_AndAnUnknownHashIs404()
    {
        var (site, key) = await Api.CreateSiteWithKeyAsync();

        using var withSiteKey = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/revisions", key);
        using var unknown = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/revisions/{new string('0', 32)}", ConsentServerFactory.AdminKey);
        using var otherSite = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{TestSites.UniqueId(TestContext)}/revisions", ConsentServerFactory.AdminKey);

        Assert.AreEqual(HttpStatusCode.Unauthorized, withSiteKey.StatusCode);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(otherSite, HttpStatusCode.NotFound);
    }

    private async Task<SiteRevisionList> GetListAsync(string site)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/revisions", ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteRevisionList, TestContext.CancellationToken))!;
    }

    private async Task<SiteRevision> GetRevisionAsync(string site, string hash)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/revisions/{hash}", ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteRevision, TestContext.CancellationToken))!;
    }
}
