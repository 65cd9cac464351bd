using System.Net;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.AspNetCore.Tests.DependencyInjection;

[TestClass]
public sealed class RegistrationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task AddCookieConsentTwice_A503IsRetriedOnlyTheConfiguredNumberOfTimes()
    {
        var server = new Always503();
        var services = new ServiceCollection().AddLogging();
        for (var i = 0; i < 2; i++)
        {
            services.AddCookieConsent(options =>
            {
                options.ServerUrl = "http://consent.test/";
                options.SiteId = "shop";
                options.ApiKey = "site-key";
            });
        }
        services.AddHttpClient(nameof(ICookieConsentApi)).ConfigurePrimaryHttpMessageHandler(() => server);
        services.Configure<CookieConsentClientOptions>(options => options.Retries = 2);
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(
            () => provider.GetRequiredService<ICookieConsentApi>().GetPolicyAsync("shop", TestContext.CancellationToken));

        Assert.AreEqual(503, error.Status);
        Assert.AreEqual(3, server.Calls, "one attempt and two retries, not three times three");
    }

    private sealed class Always503 : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request });
        }
    }
}
