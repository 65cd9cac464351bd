using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.Attack;

[TestClass]
public sealed class RateLimitTests : ServerTest
{
    [TestMethod]
    public async Task RepeatedWrongKeys_Answer429WithRetryAfter_EvenForTheRightKey_UntilTheWindowEnds()
    {
        var ct = TestContext.CancellationToken;
        const int limit = 5;
        await using var server = await ServerProcess.StartAsync(TestContext, await SharedRedis.ConnectionStringAsync(), new Dictionary<string, string>
        {
            ["CookieConsent__RateLimits__AuthFailures__PermitLimit"] = limit.ToString(),
            ["CookieConsent__RateLimits__AuthFailures__Window"] = "00:00:05",
        });
        const string site = "rate-auth";
        var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;
        var visitor = ConsentIds.NewVisitorId();

        var refused = 0;
        HttpResponseMessage? tooMany = null;
        for (var attempt = 0; attempt < 3 * limit && tooMany is null; attempt++)
        {
            var wrong = attempt % 2 == 0 ? "cck.rate-auth.0123456789ab.guess" + attempt : null;
            var response = await server.Client.SendAsync(Api.GetConsent(site, visitor, wrong!), ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                refused++;
                response.Dispose();
            }
            else
            {
                tooMany = response;
            }
        }
        Assert.IsNotNull(tooMany, "repeated refused keys never answered 429");
        using (tooMany)
        {
            Assert.AreEqual(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
            Assert.IsGreaterThanOrEqualTo(limit, refused, "the first refusals are plain 401s");
            var retryAfter = tooMany.Headers.RetryAfter?.Delta;
            Assert.IsNotNull(retryAfter, "Retry-After in seconds");
            Assert.IsTrue(retryAfter >= TimeSpan.FromSeconds(1) && retryAfter <= TimeSpan.FromSeconds(5), $"Retry-After {retryAfter}");
            await Api.ReadProblemAsync(tooMany, ct);
        }

        // Locked out: a right key learns nothing either (no oracle for guessing), and admin calls are refused alike.
        using (var right = await server.Client.SendAsync(Api.GetConsent(site, visitor, key), ct))
        {
            Assert.AreEqual(HttpStatusCode.TooManyRequests, right.StatusCode);
            Assert.IsNotNull(right.Headers.RetryAfter);
        }
        Assert.AreEqual(HttpStatusCode.TooManyRequests, await Api.StatusAsync(server.Client,
            Api.Request(HttpMethod.Get, $"v1/sites/{site}", ServerProcess.AdminKey), ct));
        // Unkeyed endpoints are not part of it.
        using (var policy = await server.Client.GetAsync($"v1/sites/{site}/policy", ct))
        {
            Assert.AreEqual(HttpStatusCode.OK, policy.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(5.5), ct);
        Assert.AreEqual(HttpStatusCode.OK, await Api.StatusAsync(server.Client, Api.GetConsent(site, visitor, key), ct),
            "the right key works again once the window has passed");
    }

    [TestMethod]
    public async Task WriteAndFormPostBurstsAboveTheLimit_Answer429WithRetryAfter_ReadsUnaffected()
    {
        var ct = TestContext.CancellationToken;
        const int writeLimit = 10;
        const int formLimit = 3;
        await using var server = await ServerProcess.StartAsync(TestContext, await SharedRedis.ConnectionStringAsync(), new Dictionary<string, string>
        {
            ["CookieConsent__RateLimits__Writes__PermitLimit"] = writeLimit.ToString(),
            ["CookieConsent__RateLimits__Writes__Window"] = "00:01:00",
            ["CookieConsent__RateLimits__FormPosts__PermitLimit"] = formLimit.ToString(),
            ["CookieConsent__RateLimits__FormPosts__Window"] = "00:01:00",
        });
        const string site = "rate-writes";
        var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;

        var burst = await Task.WhenAll(Enumerable.Range(0, 3 * writeLimit).Select(async _ =>
        {
            using var response = await server.Client.SendAsync(Api.Record(site, ConsentIds.NewVisitorId(), key, Api.AllowAll()), ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.IsNotNull(response.Headers.RetryAfter?.Delta, "Retry-After");
                await Api.ReadProblemAsync(response, ct);
            }
            return response.StatusCode;
        }));
        Assert.AreEqual(writeLimit, burst.Count(s => s == HttpStatusCode.OK), string.Join(",", burst));
        Assert.AreEqual(2 * writeLimit, burst.Count(s => s == HttpStatusCode.TooManyRequests), string.Join(",", burst));
        Assert.AreEqual(HttpStatusCode.TooManyRequests, await Api.StatusAsync(server.Client,
            Api.Erase(site, ConsentIds.NewVisitorId(), key), ct), "erasure shares the write limit");
        Assert.AreEqual(HttpStatusCode.OK, await Api.StatusAsync(server.Client,
            Api.GetConsent(site, ConsentIds.NewVisitorId(), key), ct), "reads are not write-limited");

        // Hosted page form posts: counted before anything else runs (these carry no antiforgery token, so 400 until limited).
        var posts = new List<HttpStatusCode>();
        for (var i = 0; i < formLimit + 2; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "accept-all" });
            using var response = await server.Client.PostAsync($"consent/{site}", form, ct);
            posts.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.IsNotNull(response.Headers.RetryAfter?.Delta, "Retry-After");
            }
        }
        CollectionAssert.AreEqual(
            Enumerable.Repeat(HttpStatusCode.BadRequest, formLimit).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)).ToList(),
            posts);
        using var page = await server.Client.GetAsync($"consent/{site}", ct);
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode, "showing the page is not a form post");
    }
}
