using System.Net;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

[TestClass]
public sealed class SignInTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task SignIn_WithTheAdminKey_SetsAStrictHttpOnlyShortLivedSessionCookie_AndNeverShowsTheKey()
    {
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);

        var signedIn = await console.SignInAsync();

        Assert.AreEqual(HttpStatusCode.SeeOther, signedIn.Status);
        Assert.AreEqual("/admin/sites", signedIn.Location);
        var cookie = signedIn.SetCookies.Single(c => c.StartsWith("cc_admin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("path=/admin", cookie);
        Assert.Contains("max-age=1800", cookie);
        Assert.DoesNotContain(ConsentServerFactory.AdminKey, cookie);
        var sites = await console.GetAsync("/admin/sites");
        sites.AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain(ConsentServerFactory.AdminKey, sites.Html);
    }

    [TestMethod]
    public async Task EveryPage_WithoutASession_SendsToSignIn()
    {
        var site = await new TestApi(TestAssembly.Server.CreateClient(), TestContext).CreateSiteAsync();
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);

        foreach (var path in new[] { "/admin", "/admin/sites", $"/admin/sites/{site}", $"/admin/sites/{site}/keys", $"/admin/sites/{site}/audit",
                     $"/admin/sites/{site}/stats.csv", $"/admin/sites/{site}/visitors?visitor={TestApi.NewVisitor()}" })
        {
            var page = await console.GetAsync(path);
            Assert.AreEqual(HttpStatusCode.SeeOther, page.Status, path);
            Assert.AreEqual("/admin/sign-in", page.Location, path);
        }
    }

    [TestMethod]
    public async Task SignIn_WithAWrongKey_Answers401WithTheErrorAndNoSession()
    {
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);

        var refused = await console.SignInAsync("not-the-admin-key");

        refused.AssertStatus(HttpStatusCode.Unauthorized);
        Assert.AreEqual("The admin key is wrong.", refused.ErrorFor("adminKey"));
        Assert.DoesNotContain("not-the-admin-key", refused.Html);
        Assert.IsFalse(refused.SetCookies.Any(c => c.StartsWith("cc_admin=", StringComparison.Ordinal)));
        Assert.AreEqual(HttpStatusCode.SeeOther, (await console.GetAsync("/admin/sites")).Status);
    }

    [TestMethod]
    public async Task WrongAdminKeys_AreRateLimited_ThenEvenTheRightKeyWaits()
    {
        await using var factory = new ConsentServerFactory(TestAssembly.Redis.ConnectionString)
            .WithWebHostBuilder(builder => builder.UseSetting("CookieConsent:RateLimits:AuthFailures:PermitLimit", "3"));
        using var console = ConsoleClient.For(factory, Ct);

        for (var i = 0; i < 3; i++)
        {
            (await console.SignInAsync("wrong-" + i)).AssertStatus(HttpStatusCode.Unauthorized);
        }
        var limited = await console.SignInAsync("wrong-again");
        var right = await console.SignInAsync();

        limited.AssertStatus(HttpStatusCode.TooManyRequests);
        Assert.IsNotNull(limited.Headers.RetryAfter);
        right.AssertStatus(HttpStatusCode.TooManyRequests);
        Assert.IsFalse(right.SetCookies.Any(c => c.StartsWith("cc_admin=", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task SignOut_EndsTheSession()
    {
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);
        await console.SignInAsync();
        var sites = await console.GetAsync("/admin/sites");

        var signedOut = await console.SubmitAsync(sites, "form[action='/admin/sign-out']");

        Assert.AreEqual(HttpStatusCode.SeeOther, signedOut.Status);
        Assert.AreEqual("/admin/sign-in", signedOut.Location);
        Assert.AreEqual("/admin/sign-in", (await console.GetAsync("/admin/sites")).Location);
    }

    [TestMethod]
    public async Task EveryConsolePage_HasTheVisitorPagesStrictCsp_AndNoScript()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(TestSites.Default(), allowed: true));
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);
        AssertStrict(await console.GetAsync("/admin/sign-in"), "/admin/sign-in");
        await console.SignInAsync();
        foreach (var path in new[] { "/admin/sites", "/admin/sites/new", $"/admin/sites/{site}", $"/admin/sites/{site}/preview?locale=de",
            $"/admin/sites/{site}/policy", $"/admin/sites/{site}/keys", $"/admin/sites/{site}/stats?days=7",
            $"/admin/sites/{site}/visitors?visitor={visitor}", $"/admin/sites/{site}/visitors/{visitor}/erase", $"/admin/sites/{site}/audit" })
        {
            AssertStrict(await console.GetAsync(path), path);
        }
    }

    private static void AssertStrict(ConsolePage page, string path)
    {
        page.AssertStatus(HttpStatusCode.OK);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'none'", csp, path);
        Assert.Contains("frame-ancestors 'none'", csp, path);
        Assert.IsTrue(page.Headers.CacheControl!.NoStore, path);
        Assert.IsEmpty(page.Document.QuerySelectorAll("script"), path);
        Assert.IsFalse(page.Document.All.Any(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal))), path + ": inline handler");
        Assert.IsNotNull(page.Document.QuerySelector("html[lang=en] main#main h1"), path);
    }

    [TestMethod]
    public async Task Console_SpeaksTheOperatorsLanguage()
    {
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);
        console.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE,de;q=0.9");

        var page = await console.GetAsync("/admin/sign-in");

        Assert.IsNotNull(page.Document.QuerySelector("html[lang=de]"));
        Assert.AreEqual("Anmelden", page.Document.QuerySelector("h1")!.TextContent);
    }
}
