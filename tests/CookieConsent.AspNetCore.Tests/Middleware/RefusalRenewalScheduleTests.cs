using CookieConsent.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.AspNetCore.Tests.Middleware;

/// <summary>
/// When the refusal cookie is renewed: on the first page load after each verification of the cookie, not on every
/// page load served from the cached answer, and on every page load when nothing is cached — so a visitor who keeps
/// visiting is renewed at least once per cache duration and the cookie never lapses.
/// </summary>
[TestClass]
public sealed class RefusalRenewalScheduleTests
{
    private static readonly (string, string) PageLoad = ("Accept", "text/html");

    [TestMethod]
    public async Task PageLoadsServedFromTheCachedAnswer_AreNotRenewedAgain_UntilTheAnswerIsVerifiedAgain()
    {
        var api = new StubConsentApi();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var site = await TestSite.StartAsync(api, o => o.VerificationCacheDuration = TimeSpan.FromSeconds(60),
            services => services.AddSingleton<TimeProvider>(time));

        Assert.IsTrue(await RenewsAsync(site), "the first page load after verification renews");
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.IsFalse(await RenewsAsync(site), "a page load within the cache duration was renewed already");
        Assert.AreEqual(1, api.VerifyCalls);

        // The boundary: the cached answer has expired, the cookie is verified again, and that page load renews.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsTrue(await RenewsAsync(site), "the first page load after the answer expired renews");
        Assert.AreEqual(2, api.VerifyCalls);
        Assert.IsFalse(await RenewsAsync(site));
    }

    [TestMethod]
    public async Task RequestsThatAreNotPageLoads_DoNotUseUpTheRenewal()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        using (var image = await site.GetAsync("/page", "reject", ("Accept", "image/avif,image/webp")))
        {
            Assert.IsFalse(TestSite.SetCookies(image).Any(c => c.Name == "cc_consent"));
        }

        Assert.IsTrue(await RenewsAsync(site), "the first page load renews even though the answer was cached by an image request");
        Assert.AreEqual(1, api.VerifyCalls);
    }

    [TestMethod]
    public async Task WithoutAVerificationCache_EveryPageLoadRenews()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api, o => o.VerificationCacheDuration = TimeSpan.Zero);

        for (var i = 0; i < 3; i++)
        {
            Assert.IsTrue(await RenewsAsync(site), $"page load {i + 1}");
        }
    }

    [TestMethod]
    public async Task ACookieOfGrantsOnly_IsNeverRenewed()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api);

        for (var i = 0; i < 2; i++)
        {
            Assert.IsFalse(await RenewsAsync(site, "accept"), $"page load {i + 1}");
        }
    }

    private static async Task<bool> RenewsAsync(TestSite site, string cookie = "reject")
    {
        using var response = await site.GetAsync("/page", cookie, PageLoad);
        var renewed = TestSite.SetCookies(response).Where(c => c.Name == "cc_consent").ToList();
        if (renewed.Count == 0)
        {
            return false;
        }
        Assert.AreEqual(TimeSpan.FromDays(400), renewed.Single().MaxAge);
        Assert.AreEqual(cookie, renewed.Single().Value.Value);
        return true;
    }
}
