using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Polly.Timeout;
using ApiRequestException = Refit.ApiRequestException;

namespace CookieConsent.Client.Tests.Http;

[TestClass]
public sealed class CookieConsentApiClientTests
{
    private const string Decisions = """
        {"site":"shop","visitor":"AAAAAAAAAAAAAAAAAAAAAA","policyVersion":1,"expiresAt":"2030-01-01T00:00:00+00:00",
         "signals":{"doNotTrack":false,"globalPrivacyControl":false},
         "categories":[{"category":"analytics","allowed":true,"reason":"visitor-choice"}]}
        """;

    public TestContext TestContext { get; set; } = null!;

    private static readonly string Visitor = "AAAAAAAAAAAAAAAAAAAAAA";

    [TestMethod]
    public async Task Signals_AreSentAsDntAndSecGpcHeaders()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(StubHandler.Json(HttpStatusCode.OK, Decisions)));
        using var services = ClientFactory.Build(handler);

        await services.Api().GetConsentAsync("shop", Visitor, new ConsentSignals(true, true), TestContext.CancellationToken);
        await services.Api().GetConsentAsync("shop", Visitor, ConsentSignals.None, TestContext.CancellationToken);

        var sent = handler.Requests.ToArray();
        Assert.AreEqual("1", sent[0].Headers["DNT"]);
        Assert.AreEqual("1", sent[0].Headers["Sec-GPC"]);
        Assert.IsFalse(sent[1].Headers.ContainsKey("DNT"));
        Assert.IsFalse(sent[1].Headers.ContainsKey("Sec-GPC"));
    }

    [TestMethod]
    public async Task SiteMethods_SendTheSiteKey_AdminMethodsTheAdminKey_PolicyNoKey()
    {
        var handler = new StubHandler((request, _, _) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/policy")
            ? StubHandler.Json(HttpStatusCode.OK, """{"site":"shop","currentVersion":0,"definition":{"displayName":"S","categories":[],"policyVersions":[],"allowedReturnHosts":[]}}""")
            : request.RequestUri.AbsolutePath.EndsWith("/consent")
                ? StubHandler.Json(HttpStatusCode.OK, Decisions)
                : StubHandler.Json(HttpStatusCode.OK, """{"keyId":"k1","key":"secret","createdAt":"2025-01-01T00:00:00+00:00"}""")));
        using var services = ClientFactory.Build(handler);

        await services.Api().GetPolicyAsync("shop", TestContext.CancellationToken);
        await services.Api().GetConsentAsync("shop", Visitor, ConsentSignals.None, TestContext.CancellationToken);
        await services.Admin().CreateKeyAsync("shop", TestContext.CancellationToken);

        var sent = handler.Requests.ToArray();
        Assert.IsFalse(sent[0].Headers.ContainsKey("Authorization"));
        Assert.AreEqual("application/json", sent[0].Headers["Accept"]);
        Assert.AreEqual($"Bearer {ClientFactory.SiteKey}", sent[1].Headers["Authorization"]);
        Assert.AreEqual($"Bearer {ClientFactory.AdminKey}", sent[2].Headers["Authorization"]);
    }

    [TestMethod]
    public async Task PathSegments_AreEscaped_AndKeepTheServerUrlsPath()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent)));
        using var services = ClientFactory.Build(handler);

        await services.Admin().RevokeKeyAsync("shop", "../../admin?x=1#y", TestContext.CancellationToken);

        var uri = handler.Requests.Single().Uri;
        Assert.AreEqual("/base/v1/sites/shop/keys/..%2F..%2Fadmin%3Fx%3D1%23y", uri.AbsolutePath);
        Assert.AreEqual("", uri.Query);
    }

    [TestMethod]
    public async Task ProblemDetails_BecomeConsentApiException_WithStatusTitleDetailAndErrors()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(StubHandler.Json(HttpStatusCode.BadRequest,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"detail":"Fix it","errors":{"choices.analytics":["Missing: give true or false."]}}""",
            "application/problem+json")));
        using var services = ClientFactory.Build(handler);

        var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Api().RecordConsentAsync(
            "shop", Visitor, new RecordConsentRequest(new Dictionary<string, bool>()), ConsentSignals.None, TestContext.CancellationToken));

        Assert.AreEqual(400, error.Status);
        Assert.AreEqual("One or more validation errors occurred.", error.Title);
        Assert.AreEqual("Fix it", error.Detail);
        CollectionAssert.AreEqual(new[] { "Missing: give true or false." }, error.Errors!["choices.analytics"]);
    }

    [TestMethod]
    public async Task ErrorWithoutProblemBody_StillBecomesConsentApiException()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html>proxy error</html>", System.Text.Encoding.UTF8, "text/html"),
        }));
        using var services = ClientFactory.Build(handler, o => o.Retries = 0);

        var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Api().GetStatsAsync("shop", TestContext.CancellationToken));

        Assert.AreEqual(502, error.Status);
        Assert.AreEqual("Bad Gateway", error.Title);
    }

    [TestMethod]
    public async Task Reads_AreRetriedOnTransientAnswers_UntilOneSucceeds()
    {
        var handler = new StubHandler((_, attempt, _) => Task.FromResult(attempt < 3
            ? new HttpResponseMessage(attempt == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.TooManyRequests)
            : StubHandler.Json(HttpStatusCode.OK, Decisions)));
        using var services = ClientFactory.Build(handler, o => o.Retries = 2);

        var decisions = await services.Api().GetConsentAsync("shop", Visitor, ConsentSignals.None, TestContext.CancellationToken);

        Assert.IsTrue(decisions.IsAllowed("analytics"));
        Assert.AreEqual(3, handler.Calls);
    }

    [TestMethod]
    public async Task Reads_AreNotRetriedOnClientErrors()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound)));
        using var services = ClientFactory.Build(handler, o => o.Retries = 2);

        await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Api().GetStatsAsync("shop", TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Admin().GetSiteAsync("shop", TestContext.CancellationToken));

        Assert.AreEqual(2, handler.Calls);
    }

    [TestMethod]
    public async Task Writes_AreNeverRetried()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));
        using var services = ClientFactory.Build(handler, o => o.Retries = 3);

        var error = await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Api().RecordConsentAsync(
            "shop", Visitor, new RecordConsentRequest(new Dictionary<string, bool> { ["analytics"] = true }), ConsentSignals.None,
            TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Api().EraseVisitorAsync("shop", Visitor, TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Api().VerifyTokenAsync("shop", "t", ConsentSignals.None, TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Admin().PutSiteAsync("shop",
            new SiteDefinition("S", [], [], []), TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Admin().CreateKeyAsync("shop", TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<ConsentApiException>(() => services.Admin().RevokeKeyAsync("shop", "k1", TestContext.CancellationToken));

        Assert.AreEqual(503, error.Status);
        Assert.AreEqual(6, handler.Calls);
    }

    [TestMethod]
    public async Task SlowAttempt_IsAbandonedAndRetried()
    {
        var handler = new StubHandler(async (_, attempt, ct) =>
        {
            if (attempt == 1)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            return StubHandler.Json(HttpStatusCode.OK, Decisions);
        });
        using var services = ClientFactory.Build(handler, o => (o.AttemptTimeout, o.Timeout) = (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10)));

        var decisions = await services.Api().GetConsentAsync("shop", Visitor, ConsentSignals.None, TestContext.CancellationToken);

        Assert.IsTrue(decisions.IsAllowed("analytics"));
        Assert.AreEqual(2, handler.Calls);
    }

    [TestMethod]
    public async Task ServerThatNeverAnswers_GivesARequestExceptionAroundTheTimeout_NotCancellation()
    {
        var handler = new StubHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var services = ClientFactory.Build(handler, o => (o.AttemptTimeout, o.Timeout) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300)));

        var read = await Assert.ThrowsExactlyAsync<ApiRequestException>(
            () => services.Api().GetConsentAsync("shop", Visitor, ConsentSignals.None, TestContext.CancellationToken));
        var write = await Assert.ThrowsExactlyAsync<ApiRequestException>(() => services.Api().RecordConsentAsync(
            "shop", Visitor, new RecordConsentRequest(new Dictionary<string, bool>()), ConsentSignals.None, TestContext.CancellationToken));

        Assert.IsInstanceOfType<TimeoutRejectedException>(read.InnerException);
        Assert.IsInstanceOfType<TimeoutRejectedException>(write.InnerException);
    }

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task ServerThatStallsMidBody_IsCutOffByTheTimeout()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        await pipe.Writer.WriteAsync("{\"site\":\"shop\","u8.ToArray(), TestContext.CancellationToken);
        var handler = new StubHandler((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(pipe.Reader.AsStream()) { Headers = { ContentType = new("application/json") } },
        }));
        using var services = ClientFactory.Build(handler, o => (o.AttemptTimeout, o.Timeout, o.Retries) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), 0));

        var error = await Assert.ThrowsExactlyAsync<ApiRequestException>(
            () => services.Api().GetConsentAsync("shop", Visitor, ConsentSignals.None, TestContext.CancellationToken));

        Assert.IsInstanceOfType<TimeoutRejectedException>(error.InnerException);
    }

    [TestMethod]
    public async Task CallersCancellation_IsReportedAsCancellation()
    {
        var handler = new StubHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var services = ClientFactory.Build(handler);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        cancel.CancelAfter(100);

        await Assert.ThrowsAsync<OperationCanceledException>(() => services.Api().GetConsentAsync("shop", Visitor, ConsentSignals.None, cancel.Token));
    }

    [TestMethod]
    public async Task RequestBodies_UseTheWireContract()
    {
        var handler = new StubHandler((_, _, _) => Task.FromResult(StubHandler.Json(HttpStatusCode.OK, Decisions)));
        using var services = ClientFactory.Build(handler);

        await services.Api().VerifyTokenAsync("shop", "abc", ConsentSignals.None, TestContext.CancellationToken);

        var sent = handler.Requests.Single();
        Assert.AreEqual(HttpMethod.Post, sent.Method);
        Assert.AreEqual("/base/v1/sites/shop/tokens/verify", sent.Uri.AbsolutePath);
        Assert.AreEqual("""{"token":"abc"}""", sent.Body);
    }
}
