using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

/// <summary>A form post that lacks its antiforgery token, or comes after the session ended, changes nothing.</summary>
[TestClass]
public sealed class FormSafetyTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task PostsWithoutTheAntiforgeryToken_ChangeNothing()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(TestSites.Default(), allowed: true));
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);
        await console.SignInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");
        var fields = ConsoleClient.Fields(edit.Document.QuerySelector("form.cx-form")!)
            .Where(f => f.Key != "__RequestVerificationToken")
            .Select(f => f.Key == "displayName" ? new KeyValuePair<string, string>(f.Key, "Forged") : f).ToList();
        var keyId = key.Split('.')[2];

        var posts = new Dictionary<string, HttpStatusCode>
        {
            [$"/admin/sites/{site}"] = (await console.PostAsync($"/admin/sites/{site}", fields)).Status,
            [$"/admin/sites/{site}/keys"] = (await console.PostAsync($"/admin/sites/{site}/keys", [])).Status,
            ["revoke"] = (await console.PostAsync($"/admin/sites/{site}/keys/{keyId}/revoke", [])).Status,
            ["erase"] = (await console.PostAsync($"/admin/sites/{site}/visitors/{visitor}/erase", [])).Status,
            ["policy"] = (await console.PostAsync($"/admin/sites/{site}/policy", [new("effectiveFrom", "2099-01-01")])).Status,
        };

        foreach (var (post, status) in posts)
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, status, post);
        }
        var stored = await GetSiteAsync(api, site);
        Assert.AreEqual("Test shop", stored.DisplayName);
        Assert.HasCount(1, stored.PolicyVersions);
        Assert.HasCount(1, (await api.ExportAsync(site, key, visitor)).Receipts, "not erased; the key still works");
        var keys = await console.GetAsync($"/admin/sites/{site}/keys");
        Assert.HasCount(1, keys.Document.QuerySelectorAll("tbody tr"));
        Assert.Contains("This form has expired or was not sent from this console.", (await console.PostAsync($"/admin/sites/{site}", fields)).Html);
    }

    [TestMethod]
    public async Task PostsAfterTheSessionExpired_ChangeNothing_AndSendToSignIn()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = ConsoleTestHost.WithClock(clock);
        var api = new TestApi(factory.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync();
        using var console = ConsoleClient.For(factory, Ct);
        await console.SignInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");
        var keys = await console.GetAsync($"/admin/sites/{site}/keys");

        clock.Advance(TimeSpan.FromMinutes(31));
        var save = await console.SubmitAsync(edit, "form.cx-form", new() { ["displayName"] = "Too late" });
        var create = await console.SubmitAsync(keys, $"form[action='/admin/sites/{site}/keys']");

        Assert.AreEqual(HttpStatusCode.SeeOther, save.Status);
        Assert.AreEqual("/admin/sign-in", save.Location);
        Assert.AreEqual("/admin/sign-in", create.Location);
        Assert.AreEqual("Test shop", (await GetSiteAsync(api, site)).DisplayName);
        await console.SignInAsync();
        Assert.IsEmpty((await console.GetAsync($"/admin/sites/{site}/keys")).Document.QuerySelectorAll("tbody tr"), "no key was created");
    }

    internal static async Task<SiteDefinition> GetSiteAsync(TestApi api, string site)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}", ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync(api.Cancellation);
        return System.Text.Json.JsonSerializer.Deserialize(body, ConsentJsonContext.Default.SiteResponse)!.Definition;
    }
}
