using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.Attack;

[TestClass]
public sealed class LogHygieneTests : ServerTest
{
    private const string VisitorIp = "203.0.113.77";
    private const string ProxiedIp = "198.51.100.23";

    [TestMethod]
    public async Task FullFlowAtDebugLevel_LogsNoCookieValueNoKeyNoFullIpAddress()
    {
        var ct = TestContext.CancellationToken;
        await using var server = await ServerProcess.StartAsync(TestContext, await SharedRedis.ConnectionStringAsync(), new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
            // As behind a load balancer: the client address comes from X-Forwarded-For.
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
        });
        var client = server.Client;
        const string site = "log-hygiene";
        const string other = "log-hygiene-other";
        var secrets = new List<(string What, string Value)> { ("admin key", ServerProcess.AdminKey) };

        var key = (await Api.CreateSiteAsync(client, site, ct)).Key;
        var otherKey = (await Api.CreateSiteAsync(client, other, ct)).Key;
        secrets.Add(("site key", key));
        secrets.Add(("site key secret", key.Split('.')[3]));
        secrets.Add(("other site's key secret", otherKey.Split('.')[3]));

        var visitor = ConsentIds.NewVisitorId();
        var recorded = await Api.SendAsync(client, Api.Record(site, visitor, key, Api.AllowAll(), VisitorIp, "Mozilla/5.0 Firefox/140.0"),
            ConsentJsonContext.Default.RecordConsentResponse, ct);
        secrets.Add(("API cookie value", recorded.Cookie.Value));
        Assert.AreEqual(HttpStatusCode.OK, await Api.StatusAsync(client, Api.Verify(site, recorded.Cookie.Value, key), ct));
        var tampered = recorded.Cookie.Value[..^2] + (recorded.Cookie.Value[^2] == 'A' ? "BA" : "AA");
        secrets.Add(("tampered cookie value", tampered));
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, await Api.StatusAsync(client, Api.Verify(site, tampered, key), ct));
        var export = await Api.SendAsync(client, Api.Receipts(site, visitor, key), ConsentJsonContext.Default.ReceiptExport, ct);
        Assert.AreEqual("203.0.113.0/24", export.Receipts.Single().IpPrefix, "only the prefix is kept");
        Assert.AreEqual(HttpStatusCode.NoContent, await Api.StatusAsync(client, Api.Erase(site, visitor, key), ct));

        const string guessedSecret = "GuessedSecretGuessedSecretGuessedSecret1234";
        secrets.Add(("guessed key", guessedSecret));
        foreach (var bad in new[] { $"cck.{site}.0123456789ab.{guessedSecret}", guessedSecret, otherKey })
        {
            Assert.AreNotEqual(HttpStatusCode.OK, await Api.StatusAsync(client, Api.GetConsent(site, visitor, bad), ct));
        }
        Assert.AreEqual(HttpStatusCode.Unauthorized, await Api.StatusAsync(client,
            Api.Request(HttpMethod.Get, $"v1/sites/{site}", guessedSecret), ct));

        // The hosted page, as a browser behind a proxy: antiforgery and consent cookies, the client's address forwarded.
        var cookies = new CookieContainer();
        using var browser = HostedForm.Browser(server.BaseAddress, cookies);
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", ProxiedIp);
        browser.DefaultRequestHeaders.Add("DNT", "1");
        using (var saved = await HostedForm.PostAsync(browser, $"consent/{site}", $"consent/{site}",
                   [new("decision", "accept-all"), new("returnUrl", "/thanks")], ct))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, saved.StatusCode, await saved.Content.ReadAsStringAsync(ct));
        }
        using (var again = await browser.GetAsync($"consent/{site}", ct))
        {
            Assert.AreEqual(HttpStatusCode.OK, again.StatusCode);
        }
        var browserCookies = cookies.GetAllCookies();
        Assert.IsTrue(browserCookies.Any(c => c.Name == "cc_consent"), "the hosted page set the consent cookie");
        secrets.AddRange(browserCookies.Select(c => ($"browser cookie {c.Name}", c.Value)));
        secrets.Add(("visitor IP", VisitorIp));
        secrets.Add(("forwarded client IP", ProxiedIp));

        await server.StopAsync();
        var log = server.Output;
        Assert.Contains("dbug:", log, "the server really logged at Debug level");
        Assert.Contains("Authentication[3001]", log, "refused keys were logged (KeyRejected), without the key");
        var leaks = secrets
            .Where(s => s.Value.Length >= 8)
            .SelectMany(s => new[] { (What: s.What, Needle: s.Value), (What: s.What + " (first 16 characters)", Needle: s.Value[..Math.Min(16, s.Value.Length)]) })
            .Where(s => log.Contains(s.Needle, StringComparison.Ordinal))
            .Select(s => s.What)
            .Distinct()
            .ToList();
        Assert.IsEmpty(leaks, "the log contains: " + string.Join(", ", leaks));
        TestContext.WriteLine($"{log.Split('\n').Length} log lines searched for {secrets.Count} secrets");
    }
}
