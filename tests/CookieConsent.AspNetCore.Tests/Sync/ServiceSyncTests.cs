using System.Net;
using CookieConsent.AspNetCore.Tests.Infrastructure;

namespace CookieConsent.AspNetCore.Tests.Sync;

/// <summary>Which requests the SDK bounces through the consent server's sync, and what a bad return does.</summary>
[TestClass]
public sealed class ServiceSyncTests
{
    private const string Html = "text/html,application/xhtml+xml";
    private const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task PageNavigationWithoutAChoice_IsBouncedOnce_ToTheServersSync_WithTheMarkerSetFirst()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(), o => o.ServiceSync = true);

        using var response = await SendAsync(site, HttpMethod.Get, "/page?q=1", Navigation());

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        StringAssert.StartsWith(location, "http://consent.test/sync/shop?returnUrl=" + Uri.EscapeDataString("http://localhost/page?q=1") + "&state=");
        var marker = SetCookie(response, "cc_sync_shop");
        StringAssert.StartsWith(marker, "cc_sync_shop=p.");
        StringAssert.Contains(marker, "httponly", StringComparison.OrdinalIgnoreCase);
        StringAssert.Contains(marker, "samesite=lax", StringComparison.OrdinalIgnoreCase);
    }

    [TestMethod]
    [DataRow("POST", null, null)]
    [DataRow("GET", "Sec-Fetch-Dest", "image")]
    [DataRow("GET", "Sec-Fetch-Mode", "no-cors")]
    [DataRow("GET", "Accept", "application/json")]
    [DataRow("GET", "User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)")]
    [DataRow("GET", "Sec-Purpose", "prefetch")]
    [DataRow("GET", "Cookie", "cc_sync_shop=s")]
    [DataRow("GET", "Cookie", "cc_consent=accept")]
    public async Task NotAPageNavigationWithoutAChoice_IsNeverBounced(string method, string? header, string? value)
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(), o => o.ServiceSync = true);
        var headers = Navigation();
        if (header is not null)
        {
            headers[header] = value!;
        }

        using var response = await SendAsync(site, new HttpMethod(method), "/page", headers);

        Assert.AreNotEqual(HttpStatusCode.SeeOther, response.StatusCode, $"{method} with {header}: {value}");
        Assert.IsNull(response.Headers.Location);
    }

    [TestMethod]
    public async Task WithServiceSyncOff_NothingIsBounced()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi());

        using var response = await SendAsync(site, HttpMethod.Get, "/page", Navigation());

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    public async Task FailedExchange_ServesThePage_AndMarksTheBrowserTried_SoTheReplayIsRefusedWithoutACall()
    {
        var api = new StubConsentApi();
        await using var site = await TestSite.StartAsync(api, o => o.ServiceSync = true);
        using var bounce = await SendAsync(site, HttpMethod.Get, "/page", Navigation());
        var state = Query(bounce.Headers.Location!)["state"];
        var marker = SetCookie(bounce, "cc_sync_shop").Split(';')[0];
        var back = $"/page?cc_sync=code&cc_state={Uri.EscapeDataString(state)}";

        // The stub cannot exchange codes: the call fails like an unreachable server would.
        var headers = Navigation();
        headers["Cookie"] = marker;
        using var returned = await SendAsync(site, HttpMethod.Get, back, headers);

        Assert.AreEqual(HttpStatusCode.OK, returned.StatusCode, "the page is served");
        StringAssert.Contains(await returned.Content.ReadAsStringAsync(TestContext.CancellationToken), "marketing=denied");
        var tried = SetCookie(returned, "cc_sync_shop");
        StringAssert.StartsWith(tried, "cc_sync_shop=t;");
        Assert.IsTrue(site.Logs.Any(l => l.Contains("ServiceSyncFailed", StringComparison.Ordinal)), string.Join("\n", site.Logs));

        headers["Cookie"] = tried.Split(';')[0];
        using var replay = await SendAsync(site, HttpMethod.Get, back, headers);
        Assert.AreEqual(HttpStatusCode.OK, replay.StatusCode);
        Assert.IsTrue(site.Logs.Any(l => l.Contains("ServiceSyncRefused", StringComparison.Ordinal)), string.Join("\n", site.Logs));
        using var next = await SendAsync(site, HttpMethod.Get, "/page", headers);
        Assert.AreEqual(HttpStatusCode.OK, next.StatusCode, "not bounced again within the retry interval");
    }

    [TestMethod]
    public async Task ForgedState_IsRefused_AndThePageIsServed()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(), o => o.ServiceSync = true);
        var headers = Navigation();
        headers["Cookie"] = "cc_sync_shop=p.0123456789abcdef0123456789abcdef";

        using var response = await SendAsync(site, HttpMethod.Get, "/page?cc_sync=code&cc_state=forged", headers);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.StartsWith(SetCookie(response, "cc_sync_shop"), "cc_sync_shop=t;");
        Assert.IsTrue(site.Logs.Any(l => l.Contains("forged or stale state", StringComparison.Ordinal)), string.Join("\n", site.Logs));
    }

    [TestMethod]
    public async Task BrowserThatKeepsNoCookies_IsNotBouncedAgain_WhenItComesFromTheSitesOwnPage()
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(), o => o.ServiceSync = true);
        // It was bounced once on arrival and came back without the marker set on the way (cookies refused).
        using var arrival = await SendAsync(site, HttpMethod.Get, "/page", Navigation());
        Assert.AreEqual(HttpStatusCode.SeeOther, arrival.StatusCode, "a first visit is bounced");
        var state = Query(arrival.Headers.Location!)["state"];
        using var returned = await SendAsync(site, HttpMethod.Get, $"/page?cc_sync=code&cc_state={Uri.EscapeDataString(state)}", Navigation());
        Assert.AreEqual(HttpStatusCode.OK, returned.StatusCode);
        Assert.AreEqual("same-origin", returned.Headers.GetValues("Referrer-Policy").Single(), "same-origin links still say where they came from");

        var next = Navigation();
        next["Referer"] = "http://localhost/page?cc_sync=code";
        using var response = await SendAsync(site, HttpMethod.Get, "/page?next=1", next);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, "no second bounce for a browser that keeps no cookies");
        Assert.IsNull(response.Headers.Location);
    }

    [TestMethod]
    [DataRow("https://search.example/?q=shop", null)]
    [DataRow("http://localhost/page", "other=1")]
    [DataRow("https://localhost/page", null)]
    public async Task ArrivalFromElsewhere_OrWithCookies_WithoutAMarker_IsStillBounced(string referer, string? cookie)
    {
        await using var site = await TestSite.StartAsync(new StubConsentApi(), o => o.ServiceSync = true);
        var headers = Navigation();
        headers["Referer"] = referer;
        if (cookie is not null)
        {
            headers["Cookie"] = cookie;
        }

        using var response = await SendAsync(site, HttpMethod.Get, "/page", headers);

        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode, $"Referer {referer}, Cookie {cookie}");
    }

    private static Dictionary<string, string> Navigation() => new()
    {
        ["Accept"] = Html,
        ["Sec-Fetch-Mode"] = "navigate",
        ["Sec-Fetch-Dest"] = "document",
        ["User-Agent"] = Chrome,
    };

    private Task<HttpResponseMessage> SendAsync(TestSite site, HttpMethod method, string path, Dictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return site.Client.SendAsync(request, TestContext.CancellationToken);
    }

    private static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) && values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) is { } found
            ? found
            : throw new AssertFailedException($"No Set-Cookie for {name}.");

    private static Dictionary<string, string> Query(Uri location) =>
        location.OriginalString.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
}
