using CookieConsent.AspNetCore.Tests.Infrastructure;

namespace CookieConsent.AspNetCore.Tests.Middleware;

[TestClass]
public sealed class CookieEnforcementTests
{
    private static async Task<(string[] Set, string[] Deleted, TestSite Site)> SetCookies(StubConsentApi api, string? cookie, params (string, string)[] headers)
    {
        var site = await TestSite.StartAsync(api);
        using var response = await site.GetAsync("/set-cookies", cookie, headers);
        var all = TestSite.SetCookies(response);
        var deleted = all.Where(c => c.Expires < DateTimeOffset.UtcNow).Select(c => c.Name.Value!).ToArray();
        var set = all.Where(c => c.Expires is null || c.Expires >= DateTimeOffset.UtcNow).Select(c => c.Name.Value!).ToArray();
        return (set, deleted, site);
    }

    [TestMethod]
    public async Task WithoutConsent_DeclaredOptionalCookiesAreRemoved_RequiredAndUndeclaredKept()
    {
        var (set, _, site) = await SetCookies(new StubConsentApi(), null);
        await site.DisposeAsync();

        CollectionAssert.AreEquivalent(new[] { "session", "undeclared" }, set);
    }

    [TestMethod]
    public async Task WithConsent_EveryCookieIsKept()
    {
        var (set, _, site) = await SetCookies(new StubConsentApi(), "accept");
        await site.DisposeAsync();

        CollectionAssert.AreEquivalent(new[] { "session", "_ga", "_ga_XYZ", "mkt_px", "undeclared" }, set);
    }

    [TestMethod]
    public async Task Gpc_RemovesOnlySaleOrSharingCookies()
    {
        var (set, _, site) = await SetCookies(new StubConsentApi(), "accept", ("Sec-GPC", "1"));
        await site.DisposeAsync();

        // The consent cookie that records the signal as an opt-out is set too.
        CollectionAssert.AreEquivalent(new[] { "session", "_ga", "_ga_XYZ", "undeclared", "cc_consent" }, set);
    }

    [TestMethod]
    public async Task Deletions_AlwaysPass()
    {
        var (_, deleted, site) = await SetCookies(new StubConsentApi(), "reject");
        await site.DisposeAsync();

        CollectionAssert.AreEquivalent(new[] { "_gid_old", "_ga_old" }, deleted);
    }

    [TestMethod]
    public async Task FailClosed_RemovesOptionalCookies()
    {
        var (set, _, site) = await SetCookies(new StubConsentApi { Failure = new HttpRequestException("down") }, "accept");
        await site.DisposeAsync();

        CollectionAssert.AreEquivalent(new[] { "session", "undeclared" }, set);
    }

    [TestMethod]
    public async Task Removal_IsLoggedOncePerCookieName()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);
        for (var i = 0; i < 3; i++)
        {
            using var response = await site.GetAsync("/set-cookies");
        }

        var stripped = site.Logs.Where(l => l.StartsWith("ConsentCookieStripped")).ToList();
        Assert.HasCount(3, stripped, string.Join("\n", stripped));
        Assert.IsTrue(stripped.Any(l => l.Contains("'_ga_XYZ'") && l.Contains("'analytics'")));
        Assert.IsTrue(stripped.Any(l => l.Contains("'mkt_px'") && l.Contains("'marketing'")));
    }
}
