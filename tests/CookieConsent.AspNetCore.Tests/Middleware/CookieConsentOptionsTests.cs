using CookieConsent.AspNetCore.Tests.Infrastructure;
using CookieConsent.Client.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.Tests.Middleware;

[TestClass]
public sealed class CookieConsentOptionsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task MissingSettings_StopTheAppAtStart_NamingEachSetting()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["CookieConsent:PathBase"] = "/consent/";
        builder.Services.AddCookieConsent().AddLocalConsentVerification();
        await using var app = builder.Build();

        // The host may wrap the validation failures in an AggregateException; the message carries them all.
        var error = await Assert.ThrowsAsync<Exception>(() => app.StartAsync(TestContext.CancellationToken));

        foreach (var setting in new[] { "ServerUrl", "SiteId", "ApiKey", "KeyRingRedis", "PathBase" })
        {
            StringAssert.Contains(error.Message, $"CookieConsent:{setting}");
        }
    }

    [TestMethod]
    public void Options_AreBoundFromTheSection_WithDocumentedDefaults_AndReachTheClient()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["CookieConsent:ServerUrl"] = "https://consent.example/";
        builder.Configuration["CookieConsent:SiteId"] = "shop";
        builder.Configuration["CookieConsent:ApiKey"] = "k";
        builder.Configuration["CookieConsent:Timeout"] = "00:00:03";
        builder.Services.AddCookieConsent(o => o.SiteId = "other-site");
        using var services = builder.Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<CookieConsentOptions>>().Value;
        var client = services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value;

        Assert.AreEqual(TimeSpan.FromSeconds(60), options.VerificationCacheDuration);
        Assert.AreEqual(10_000, options.VerificationCacheSize);
        Assert.AreEqual(TimeSpan.FromMinutes(5), options.PolicyCacheDuration);
        Assert.AreEqual("/consent", options.PathBase.Value);
        Assert.IsTrue(options.Secure);
        Assert.AreEqual("other-site", client.SiteId, "code configuration reaches the client");
        Assert.AreEqual("https://consent.example/", client.ServerUrl);
        Assert.AreEqual(TimeSpan.FromSeconds(3), client.Timeout);
    }

    [TestMethod]
    public void UseCookieConsent_WithoutAddCookieConsent_SaysWhatIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => app.UseCookieConsent());
        StringAssert.Contains(error.Message, "AddCookieConsent");
    }

    [TestMethod]
    public async Task RegisteredValidators_AcceptTheTestSitesSettings_AndRefuseThemWithoutAnApiKey()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());
        var validators = site.Services.GetServices<IValidateOptions<CookieConsentOptions>>().ToList();
        var options = site.Services.GetRequiredService<IOptions<CookieConsentOptions>>().Value;

        Assert.IsNotEmpty(validators, "AddCookieConsent registers its validation");
        Assert.IsTrue(validators.All(v => v.Validate(Options.DefaultName, options).Succeeded), "valid settings pass");

        options.ApiKey = "";
        var refused = validators.Select(v => v.Validate(Options.DefaultName, options)).Where(r => r.Failed).ToList();
        Assert.IsNotEmpty(refused, "a missing API key is refused");
        StringAssert.Contains(string.Join(" ", refused.Select(r => r.FailureMessage)), "ApiKey");
    }
}
