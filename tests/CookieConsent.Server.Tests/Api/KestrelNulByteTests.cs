using System.Net;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Api;

/// <summary>
/// A NUL byte in the path (<c>%00</c>) is refused by Kestrel itself, before any middleware runs, with an empty 400 and
/// the connection closed: the app cannot answer it with problem details (documented in docs/production.md). The same
/// byte in a query string does reach the app, which answers it as any other bad value.
/// </summary>
[TestClass]
public sealed class KestrelNulByteTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task NulByteInAPathId_IsRefusedByKestrelWithAnEmpty400_AndStoresNothing()
    {
        await using var factory = new ConsentServerFactory(TestAssembly.Redis.ConnectionString);
        factory.UseKestrel(0);
        factory.StartServer();
        var api = new TestApi(factory.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var before = await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site);

        foreach (var (method, path, credential) in new[]
        {
            (HttpMethod.Put, $"/v1/sites/{site}%00x", ConsentServerFactory.AdminKey),
            (HttpMethod.Get, $"/v1/sites/{site}/visitors/AAAAAAAAAAA%00AAAAAAAAAA/consent", key),
            (HttpMethod.Get, $"/consent/{site}%00", null),
        })
        {
            using var raw = factory.CreateDefaultClient();
            using var request = new HttpRequestMessage(method, path);
            if (credential is not null)
            {
                request.Headers.Authorization = new("Bearer", credential);
            }
            using var response = await raw.SendAsync(request, TestContext.CancellationToken);

            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, path);
            Assert.AreEqual(0, response.Content.Headers.ContentLength, $"{path}: Kestrel's own answer has no body");
        }
        (await RedisSnapshot.OfSitesAsync(TestAssembly.Database, site)).AssertSameAs(before, "paths with a NUL byte");
    }

    [TestMethod]
    public async Task NulByteInAQueryParameter_ReachesTheApp_AndIsAnsweredWithProblemDetails()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();

        using var response = await api.SendAsync(HttpMethod.Get, $"/v1/sites/{site}/stats?days=1%00", key);

        await ProblemAssert.IsValidationProblemAsync(response, "days");
    }
}
