using System.Net;
using System.Text;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

/// <summary>On a real socket, a body without Content-Length (chunked) is cut off at 16 KiB too.</summary>
[TestClass]
public sealed class KestrelBodyLimitTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ChunkedBodyOver16KiB_Answers413_AndStoresNothing()
    {
        await using var factory = new ConsentServerFactory(TestAssembly.Redis.ConnectionString);
        factory.UseKestrel(0);
        factory.StartServer();
        var api = new TestApi(factory.CreateClient(), TestContext);
        Assert.AreNotEqual("localhost", api.Http.BaseAddress?.Host, $"expected a real socket, got {api.Http.BaseAddress}");
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var visitor = TestApi.NewVisitor();
        await api.RecordAsync(site, key, visitor, TestSites.Choices(("analytics", true), ("marketing", true)));
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);
        var json = "{\"choices\":{\"analytics\":false,\"marketing\":false},\"userAgent\":\"" + new string('x', 20 * 1024) + "\"}";
        // A stream of unknown length goes out chunked, with no Content-Length to refuse up front.
        var body = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(json)));
        body.Headers.ContentType = new("application/json");

        // The default client buffers bodies (to replay them on redirects); a bare one streams them.
        using var raw = factory.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent") { Content = body };
        request.Headers.Authorization = new("Bearer", key);
        request.Headers.TransferEncodingChunked = true;

        using var response = await raw.SendAsync(request, TestContext.CancellationToken);

        Assert.IsNull(body.Headers.ContentLength);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "an oversized chunked body");
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
