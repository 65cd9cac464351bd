using CookieConsent.Client.Contracts;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

[TestClass]
public sealed class AuditLogTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task AdminApiChanges_AreRecordedPerSite_WithWhatChanged_AndNeverTheKey()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var definition = TestSites.Default();
        var site = await api.CreateSiteAsync(definition);
        var other = await api.CreateSiteAsync(hint: "other");
        using (await api.PutSiteAsync(site, definition with { DisplayName = "Renamed", Regime = ConsentRegime.OptOut }))
        {
        }
        var key = await api.CreateKeyAsync(site);
        await api.RevokeKeyAsync(site, key.KeyId);
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);

        var page = await console.GetAsync($"/admin/sites/{site}/audit");

        var rows = page.Document.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        Assert.HasCount(4, rows);
        CollectionAssert.AreEqual(new[] { "key.revoked", "key.created", "site.changed", "site.created" }, rows.Select(r => r[2]).ToArray());
        Assert.IsTrue(rows.All(r => r[1] == "admin-api"));
        Assert.AreEqual("changed displayName, regime", rows[2][3]);
        Assert.AreEqual("created with categories necessary, analytics, marketing", rows[3][3]);
        Assert.AreEqual("key " + key.KeyId, rows[0][3]);
        Assert.DoesNotContain(ConsentServerFactory.AdminKey, page.Html);
        Assert.DoesNotContain(key.Key, page.Html);
        var otherPage = await console.GetAsync($"/admin/sites/{other}/audit");
        Assert.HasCount(1, otherPage.Document.QuerySelectorAll("tbody tr"), "each site has its own log");
        // Stored in the site's own hash slot, and the console offers no form that edits it.
        Assert.AreEqual(4, await TestAssembly.Database.ListLengthAsync(Keys.Audit(site)));
        Assert.IsEmpty(page.Document.QuerySelectorAll("form.cx-form, main form"));
    }

    [TestMethod]
    public async Task ErasureThroughTheSiteKeyApi_IsRecordedWithTheKeyId_AndNotTheVisitor()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync(hint: "erase-audit");
        var keyId = key.Split('.')[2];
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", false)));

        await api.EraseAsync(site, key, visitor);

        var entries = await TestAssembly.Database.ListRangeAsync(Keys.Audit(site));
        var erased = entries.Select(e => (string)e!).Where(e => e.Contains(AuditActions.VisitorErased, StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, erased);
        StringAssert.Contains(erased[0], "\"actor\":\"key:" + keyId + "\"");
        Assert.DoesNotContain(visitor, erased[0]);
        Assert.DoesNotContain(key, erased[0]);
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var page = await console.GetAsync($"/admin/sites/{site}/audit");
        var first = page.Document.QuerySelectorAll("tbody tr").First().QuerySelectorAll("td").Select(c => c.TextContent).ToArray();
        Assert.AreEqual("key:" + keyId, first[1]);
        Assert.AreEqual(AuditActions.VisitorErased, first[2]);
        Assert.DoesNotContain(visitor, page.Html);
    }

    [TestMethod]
    public void SiteChanges_NameChangedFieldsAndCategories()
    {
        var before = TestSites.Default();
        var after = before with
        {
            HonorDoNotTrack = false,
            Categories = [before.Categories[0], before.Categories[2] with { Cookies = ["_fbp"] }, TestSites.Category("video")],
        };

        Assert.AreEqual("changed honorDoNotTrack; added category video; removed category analytics; changed category marketing (cookies)",
            SiteChanges.Describe(before, after));
        Assert.AreEqual("saved without changes", SiteChanges.Describe(before, before with { }));
    }
}
