using CookieConsent.Client.Checking;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Client.Tests.Http;

internal static class ClientFactory
{
    public const string SiteKey = "site-key-123";
    public const string AdminKey = "admin-key-456";

    /// <summary>
    /// The clients exactly as <c>AddCookieConsentClient</c> and <c>AddCookieConsentAdminClient</c> register them, both over
    /// <paramref name="handler"/>.
    /// </summary>
    public static ServiceProvider Build(HttpMessageHandler handler, Action<CookieConsentClientOptions>? configure = null, List<string>? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                logging.AddProvider(new CapturedLogs(logs));
            }
        });
        services.AddCookieConsentClient(options =>
        {
            options.ServerUrl = "http://consent.test/base";
            options.SiteId = "shop";
            options.ApiKey = SiteKey;
            options.Timeout = TimeSpan.FromSeconds(5);
            options.AttemptTimeout = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        services.AddCookieConsentAdminClient(options =>
        {
            options.ServerUrl = "http://consent.test/base";
            options.AdminKey = AdminKey;
            options.Timeout = TimeSpan.FromSeconds(5);
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static ICookieConsentApi Api(this ServiceProvider services) => services.GetRequiredService<ICookieConsentApi>();

    public static ICookieConsentAdminApi Admin(this ServiceProvider services) => services.GetRequiredService<ICookieConsentAdminApi>();

    public static IConsentChecker Checker(this ServiceProvider services) => services.GetRequiredService<IConsentChecker>();
}
