using System.Net;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

/// <summary><c>HEAD</c> answers like <c>GET</c> — same status and content type — without a body.</summary>
[TestClass]
public sealed class HeadRequestTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("/v1/sites/{site}/policy", false)]
    [DataRow("/v1/sites/{site}/visitors/{visitor}/consent", true)]
    [DataRow("/v1/sites/{site}/stats", true)]
    [DataRow("/consent/{site}", false)]
    [DataRow("/consent/{site}/do-not-sell", false)]
    [DataRow("/health/live", false)]
    [DataRow("/swagger/v1/swagger.json", false)]
    [DataRow("/favicon.ico", false)]
    [DataRow("/v1/sites/no-such-site-here/policy", false)]
    public async Task Head_AnswersAsGetWithoutABody(string template, bool withKey)
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var path = template.Replace("{site}", site, StringComparison.Ordinal).Replace("{visitor}", TestApi.NewVisitor(), StringComparison.Ordinal);

        using var get = await api.SendAsync(HttpMethod.Get, path, withKey ? key : null);
        using var head = await api.SendAsync(HttpMethod.Head, path, withKey ? key : null);

        Assert.AreNotEqual(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.AreEqual(get.StatusCode, head.StatusCode, $"HEAD {path}");
        Assert.AreEqual(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType, $"HEAD {path}");
        Assert.IsNotEmpty(await get.Content.ReadAsByteArrayAsync(TestContext.CancellationToken), $"GET {path} has a body");
        Assert.IsEmpty(await head.Content.ReadAsByteArrayAsync(TestContext.CancellationToken), $"HEAD {path} has none");
    }

    [TestMethod]
    public async Task Head_OnAWriteOnlyRoute_Answers405()
    {
        using var client = TestAssembly.Server.CreateClient();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/sites/shop/tokens/verify"), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, head.StatusCode);
    }
}
