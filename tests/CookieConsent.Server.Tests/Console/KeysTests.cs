using System.Net;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

[TestClass]
public sealed class KeysTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task CreateKey_ShowsItOnceInAReadOnlyField_AndItWorksAtTheApi()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync();
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var keys = await console.GetAsync($"/admin/sites/{site}/keys");

        var created = await console.SubmitAsync(keys, $"form[action='/admin/sites/{site}/keys']");

        created.AssertStatus(HttpStatusCode.OK);
        var field = created.Field("newKey")!;
        Assert.IsTrue(field.HasAttribute("readonly"));
        var key = field.GetAttribute("value")!;
        StringAssert.StartsWith(key, $"cck.{site}.");
        Assert.AreEqual(site, (await api.GetConsentAsync(site, key, TestApi.NewVisitor())).Site);
        var later = await console.GetAsync($"/admin/sites/{site}/keys");
        Assert.DoesNotContain(key.Split('.')[3], later.Html, "shown once");
        Assert.Contains(key.Split('.')[2], later.Document.QuerySelector("tbody")!.TextContent);
    }

    [TestMethod]
    public async Task KeyList_ShowsWhenEachKeyWasLastUsed()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, used) = await api.CreateSiteWithKeyAsync();
        var unused = await api.CreateKeyAsync(site);
        await api.GetConsentAsync(site, used, TestApi.NewVisitor());
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);

        // The last use is written without waiting for Redis: give the write a moment to land.
        string usedRow = "", unusedRow = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var page = await console.GetAsync($"/admin/sites/{site}/keys");
            var rows = page.Document.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
            usedRow = rows.Single(r => r.Contains(used.Split('.')[2], StringComparison.Ordinal));
            unusedRow = rows.Single(r => r.Contains(unused.KeyId, StringComparison.Ordinal));
            if (!usedRow.Contains("Never", StringComparison.Ordinal))
            {
                break;
            }
            await Task.Delay(100, Ct);
        }

        Assert.DoesNotContain("Never", usedRow);
        Assert.Contains(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), usedRow);
        Assert.Contains("Never", unusedRow);
    }

    [TestMethod]
    public async Task RevokeKey_AsksFirst_ThenTheApiRefusesTheKey_AndTheAuditLogSaysSo()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var keyId = key.Split('.')[2];
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var keys = await console.GetAsync($"/admin/sites/{site}/keys");

        var confirm = await console.GetAsync(keys.Document.QuerySelector($"a[href='/admin/sites/{site}/keys/{keyId}/revoke']")!.GetAttribute("href")!);
        Assert.AreEqual(site, (await api.GetConsentAsync(site, key, TestApi.NewVisitor())).Site, "asking revokes nothing");
        var revoked = await console.SubmitAsync(confirm, $"form[action='/admin/sites/{site}/keys/{keyId}/revoke']");

        Assert.AreEqual(HttpStatusCode.SeeOther, revoked.Status);
        using var refused = await api.GetConsentResponseAsync(site, key, TestApi.NewVisitor());
        Assert.AreEqual(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.IsEmpty((await console.GetAsync($"/admin/sites/{site}/keys")).Document.QuerySelectorAll("tbody tr"));
        var audit = (await console.GetAsync($"/admin/sites/{site}/audit")).Document.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("key.revoked", audit[0]);
        Assert.Contains(keyId, audit[0]);
        Assert.Contains("console:", audit[0]);
        Assert.IsTrue(audit.Any(r => r.Contains("key.created", StringComparison.Ordinal) && r.Contains("admin-api", StringComparison.Ordinal)),
            "the key made through the admin API is in the log too");
    }
}
