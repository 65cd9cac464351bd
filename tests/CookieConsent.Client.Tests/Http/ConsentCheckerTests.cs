using System.Net;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Tests.Http;

[TestClass]
public sealed class ConsentCheckerTests
{
    private const string Visitor = "AAAAAAAAAAAAAAAAAAAAAA";

    public TestContext TestContext { get; set; } = null!;

    private static string Decisions(bool analytics, string reason = "visitor-choice", string policyVersion = "1") => $$"""
        {"site":"shop","visitor":"{{Visitor}}","policyVersion":{{policyVersion}},"expiresAt":null,
         "signals":{"doNotTrack":false,"globalPrivacyControl":false},
         "categories":[{"category":"necessary","allowed":true,"reason":"required"},
                       {"category":"analytics","allowed":{{(analytics ? "true" : "false")}},"reason":"{{reason}}"}]}
        """;

    private Task<bool> CanTrack(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> answer, List<string>? logs = null,
        string visitor = Visitor, string category = "analytics", ConsentSignals signals = default)
    {
        var services = ClientFactory.Build(new StubHandler(answer),
            o => (o.AttemptTimeout, o.Timeout, o.Retries) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600), 1), logs);
        return services.Checker().CanTrackAsync(visitor, category, signals, TestContext.CancellationToken);
    }

    private static Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> Answer(HttpStatusCode status, string body) =>
        (_, _, _) => Task.FromResult(StubHandler.Json(status, body));

    [TestMethod]
    public async Task AllowedCategory_IsTrue()
    {
        Assert.IsTrue(await CanTrack(Answer(HttpStatusCode.OK, Decisions(true))));
    }

    [TestMethod]
    public async Task DeniedCategory_IsFalse_AndTheReasonIsLogged()
    {
        var logs = new List<string>();
        Assert.IsFalse(await CanTrack(Answer(HttpStatusCode.OK, Decisions(false, "do-not-track")), logs));
        Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckDenied") && l.Contains("DoNotTrack")), string.Join("\n", logs));
    }

    [TestMethod]
    public async Task UnknownCategory_IsFalse()
    {
        var logs = new List<string>();
        Assert.IsFalse(await CanTrack(Answer(HttpStatusCode.OK, Decisions(true)), logs, category: "marketing"));
        Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckUnknownCategory")));
    }

    [TestMethod]
    public async Task VisitorWithoutStoredConsent_IsFalse_EvenWhenTheRegimeWouldAllow()
    {
        Assert.IsFalse(await CanTrack(Answer(HttpStatusCode.OK, Decisions(true, "no-consent", policyVersion: "null"))));
    }

    [TestMethod]
    public async Task NotFound_IsFalse()
    {
        Assert.IsFalse(await CanTrack(Answer(HttpStatusCode.NotFound, """{"title":"Unknown site","status":404}""")));
    }

    [TestMethod]
    [DataRow(HttpStatusCode.InternalServerError)]
    [DataRow(HttpStatusCode.ServiceUnavailable)]
    [DataRow(HttpStatusCode.Unauthorized)]
    [DataRow(HttpStatusCode.Forbidden)]
    public async Task ErrorAnswers_AreFalse_AndLoggedWithTheirStatus(HttpStatusCode status)
    {
        var logs = new List<string>();
        Assert.IsFalse(await CanTrack(Answer(status, """{"title":"Nope"}"""), logs));
        Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckErrorAnswer") && l.Contains(((int)status).ToString())), string.Join("\n", logs));
    }

    [TestMethod]
    [DataRow("not json")]
    [DataRow("""{"site":"shop","categories":"oops"}""")]
    [DataRow("null")]
    [DataRow("")]
    public async Task MalformedAnswers_AreFalse(string body)
    {
        var logs = new List<string>();
        Assert.IsFalse(await CanTrack(Answer(HttpStatusCode.OK, body), logs));
        Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckMalformedAnswer")), string.Join("\n", logs));
    }

    [TestMethod]
    public async Task ServerThatHangs_IsFalse_WithinTheTimeout()
    {
        var logs = new List<string>();
        var started = DateTime.UtcNow;
        Assert.IsFalse(await CanTrack(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }, logs));
        Assert.IsLessThan(TimeSpan.FromSeconds(5), DateTime.UtcNow - started, "bounded by the configured timeout plus a margin");
        Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckTimedOut")), string.Join("\n", logs));
    }

    [TestMethod]
    public async Task UnreachableServer_IsFalse()
    {
        var logs = new List<string>();
        Assert.IsFalse(await CanTrack((_, _, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"), logs));
        Assert.IsTrue(logs.Any(l => l.StartsWith("ConsentCheckUnreachable")), string.Join("\n", logs));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("not a visitor id")]
    [DataRow("AAAAAAAAAAAAAAAAAAAAAA/../x")]
    public async Task MalformedVisitorId_IsFalse_WithoutAsking(string visitor)
    {
        var asked = false;
        Assert.IsFalse(await CanTrack((_, _, _) =>
        {
            asked = true;
            return Task.FromResult(StubHandler.Json(HttpStatusCode.OK, Decisions(true)));
        }, visitor: visitor));
        Assert.IsFalse(asked);
    }

    [TestMethod]
    public async Task CallersCancellation_Throws()
    {
        using var services = ClientFactory.Build(new StubHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        cancel.CancelAfter(100);

        await Assert.ThrowsAsync<OperationCanceledException>(() => services.Checker().CanTrackAsync(Visitor, "analytics", default, cancel.Token));
    }

    [TestMethod]
    public async Task Logs_NeverContainTheVisitorIdOrKeys()
    {
        var logs = new List<string>();
        await CanTrack(Answer(HttpStatusCode.Forbidden, """{"title":"Forbidden"}"""), logs);
        await CanTrack(Answer(HttpStatusCode.OK, Decisions(false)), logs);
        Assert.IsNotEmpty(logs);
        foreach (var line in logs)
        {
            Assert.DoesNotContain(Visitor, line);
            Assert.DoesNotContain(ClientFactory.SiteKey, line);
        }
    }
}
