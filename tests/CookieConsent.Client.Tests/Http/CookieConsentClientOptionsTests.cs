using CookieConsent.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieConsent.Client.Tests.Http;

[TestClass]
public sealed class CookieConsentClientOptionsTests
{
    private static ServiceProvider FromConfiguration(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddCookieConsentClient();
        return services.BuildServiceProvider();
    }

    [TestMethod]
    public void Options_AreBoundFromTheCookieConsentSection_WithDefaults()
    {
        using var services = FromConfiguration(new()
        {
            ["CookieConsent:ServerUrl"] = "https://consent.example/",
            ["CookieConsent:SiteId"] = "shop",
            ["CookieConsent:ApiKey"] = "k",
        });

        var options = services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value;

        Assert.AreEqual("https://consent.example/", options.ServerUrl);
        Assert.AreEqual(TimeSpan.FromSeconds(2), options.Timeout);
        Assert.AreEqual(2, options.Retries);
        Assert.AreEqual(0.5, options.CircuitBreakerFailureRatio);
        Assert.AreEqual(10, options.CircuitBreakerMinimumThroughput);
        Assert.AreEqual(TimeSpan.FromSeconds(5), options.CircuitBreakDuration);
    }

    [TestMethod]
    public void MissingSettings_FailValidation_NamingEachSetting()
    {
        using var services = FromConfiguration(new() { ["CookieConsent:ServerUrl"] = "consent.example", ["CookieConsent:Retries"] = "11" });

        var error = Assert.ThrowsExactly<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value);

        StringAssert.Contains(error.Message, "CookieConsent:ServerUrl");
        StringAssert.Contains(error.Message, "CookieConsent:SiteId");
        StringAssert.Contains(error.Message, "CookieConsent:ApiKey");
        StringAssert.Contains(error.Message, "CookieConsent:Retries");
    }

    [TestMethod]
    public void AttemptTimeoutLongerThanTimeout_FailsValidation()
    {
        using var services = FromConfiguration(new()
        {
            ["CookieConsent:ServerUrl"] = "https://consent.example/",
            ["CookieConsent:SiteId"] = "shop",
            ["CookieConsent:ApiKey"] = "k",
            ["CookieConsent:AttemptTimeout"] = "00:00:05",
        });

        var error = Assert.ThrowsExactly<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value);
        StringAssert.Contains(error.Message, "CookieConsent:AttemptTimeout");
    }

    [TestMethod]
    public void CircuitBreakerSettingsOutOfRange_FailValidation_NamingEachSetting()
    {
        using var services = FromConfiguration(new()
        {
            ["CookieConsent:ServerUrl"] = "https://consent.example/",
            ["CookieConsent:SiteId"] = "shop",
            ["CookieConsent:ApiKey"] = "k",
            ["CookieConsent:CircuitBreakerFailureRatio"] = "0",
            ["CookieConsent:CircuitBreakerMinimumThroughput"] = "1",
            ["CookieConsent:CircuitBreakDuration"] = "00:00:00.100",
        });

        var error = Assert.ThrowsExactly<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value);
        StringAssert.Contains(error.Message, "CookieConsent:CircuitBreakerFailureRatio");
        StringAssert.Contains(error.Message, "CookieConsent:CircuitBreakerMinimumThroughput");
        StringAssert.Contains(error.Message, "CookieConsent:CircuitBreakDuration");
    }

    [TestMethod]
    public void AdminClient_NeedsOnlyTheServerUrlAndTheAdminKey()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CookieConsentAdmin:ServerUrl"] = "https://consent.example/",
            ["CookieConsentAdmin:AdminKey"] = "admin",
        }).Build());
        services.AddCookieConsentAdminClient();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CookieConsentAdminClientOptions>>().Value;

        Assert.AreEqual("admin", options.AdminKey);
        Assert.AreEqual(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.IsNotNull(provider.GetRequiredService<ICookieConsentAdminApi>());
    }

    [TestMethod]
    public void AdminClientWithoutServerUrlOrAdminKey_FailsValidation_NamingEachSetting()
    {
        var services = new ServiceCollection();
        services.AddCookieConsentAdminClient(o => o.ServerUrl = "consent.example");
        using var provider = services.BuildServiceProvider();

        var error = Assert.ThrowsExactly<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<CookieConsentAdminClientOptions>>().Value);
        StringAssert.Contains(error.Message, "CookieConsentAdmin:ServerUrl");
        StringAssert.Contains(error.Message, "CookieConsentAdmin:AdminKey");
    }

    [TestMethod]
    public void CodeConfiguration_OverridesTheSection()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CookieConsent:ServerUrl"] = "https://from-config.example/",
            ["CookieConsent:SiteId"] = "shop",
            ["CookieConsent:ApiKey"] = "k",
        }).Build());
        services.AddCookieConsentClient(o => o.ServerUrl = "https://from-code.example/");
        using var provider = services.BuildServiceProvider();

        Assert.AreEqual("https://from-code.example/", provider.GetRequiredService<IOptions<CookieConsentClientOptions>>().Value.ServerUrl);
    }

    [TestMethod]
    public void Registration_ReturnsTheHttpClientBuilder_OfTheTypedClient()
    {
        var services = new ServiceCollection();
        var builder = services.AddCookieConsentClient();
        var again = services.AddCookieConsentClient();
        Assert.AreEqual(typeof(ICookieConsentApi).Name, builder.Name);
        Assert.AreEqual(builder.Name, again.Name);
    }
}
