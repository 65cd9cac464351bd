using System.Net;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

/// <summary>A 429 is a problem like every other: status, title and a <c>type</c>.</summary>
[TestClass]
public sealed class RateLimitProblemTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TooManyWrites_Answer429ProblemWithAType()
    {
        await using var limited = TestAssembly.Server.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("CookieConsent:RateLimits:Writes:PermitLimit", "1");
            builder.UseSetting("CookieConsent:RateLimits:Writes:Window", "01:00:00");
        });
        var api = new TestApi(limited.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));

        using var response = await api.PutConsentAsync(site, key, visitor, TestSites.Choices(("analytics", false), ("marketing", false)));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.AreEqual("https://www.rfc-editor.org/rfc/rfc6585#section-4", problem.Type);
        Assert.IsNotNull(response.Headers.RetryAfter);
    }
}
