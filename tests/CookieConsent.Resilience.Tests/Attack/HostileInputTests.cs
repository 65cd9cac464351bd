using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CookieConsent.Resilience.Tests.Infrastructure;

namespace CookieConsent.Resilience.Tests.Attack;

[TestClass]
public sealed partial class HostileInputTests : ServerTest
{
    [TestMethod]
    public async Task HostileReturnUrls_NeverRedirectOffSite_OnHostedPagesAndSdkForms()
    {
        var ct = TestContext.CancellationToken;
        await using var server = await ServerProcess.StartAsync(TestContext, await SharedRedis.ConnectionStringAsync());
        const string site = "hostile-return";
        var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;
        await using var clientSite = await ClientSite.StartAsync(server.BaseAddress, site, key);

        var hosted = new Browser(server.BaseAddress, $"consent/{site}", TestContext);
        var sdk = new Browser(clientSite.BaseAddress, "form", TestContext);
        var posts = new (string Name, Browser Browser, string Path, string? Decision)[]
        {
            ("hosted preferences", hosted, $"consent/{site}", "accept-all"),
            ("hosted do-not-sell", hosted, $"consent/{site}/do-not-sell", "do-not-sell"),
            ("hosted notice/hide", hosted, $"consent/{site}/notice/hide", null),
            ("SDK choices", sdk, "consent/choices", "reject-all"),
            ("SDK notice/hide", sdk, "consent/notice/hide", null),
        };

        // Controls: a good local path and an allowed host are kept, so the table below cannot pass by refusing everything.
        foreach (var (name, browser, path, decision) in posts)
        {
            Assert.AreEqual((HttpStatusCode.SeeOther, "/thanks?x=1"), await browser.PostAsync(path, decision, "/thanks?x=1", ct), name);
        }
        Assert.AreEqual((HttpStatusCode.SeeOther, "https://shop.example/back"),
            await hosted.PostAsync($"consent/{site}", "accept-all", "https://shop.example/back", ct));

        var failures = new List<string>();
        foreach (var returnUrl in HostileInput.ReturnUrls)
        {
            foreach (var (name, browser, path, decision) in posts)
            {
                // Refusing the post outright (400, nothing stored) is as safe as falling back to the site.
                var (status, location) = await browser.PostAsync(path, decision, returnUrl, ct);
                if (status is not (HttpStatusCode.SeeOther or HttpStatusCode.BadRequest) || !StaysOnSite(browser.Origin, location))
                {
                    failures.Add($"{name} with returnUrl {Show(returnUrl)} answered {(int)status} to {Show(location)}");
                }
            }
            using var sdkHide = await sdk.Client.PostAsync("consent/notice/hide?returnUrl=" + Uri.EscapeDataString(returnUrl), null, ct);
            if (!StaysOnSite(sdk.Origin, sdkHide.Headers.Location?.OriginalString))
            {
                failures.Add($"SDK notice/hide with query returnUrl {Show(returnUrl)} redirected to {Show(sdkHide.Headers.Location?.OriginalString)}");
            }
            foreach (var page in new[] { $"consent/{site}", $"consent/{site}/do-not-sell" })
            {
                using var response = await hosted.Client.GetAsync(page + "?returnUrl=" + Uri.EscapeDataString(returnUrl), ct);
                var html = await response.Content.ReadAsStringAsync(ct);
                foreach (var link in Links(html).Where(l => !StaysOnSite(hosted.Origin, l)))
                {
                    failures.Add($"GET {page} with returnUrl {Show(returnUrl)} links to {Show(link)}");
                }
            }
        }
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(30)));
        TestContext.WriteLine($"{HostileInput.ReturnUrls.Length} hostile return URLs × {posts.Length + 3} endpoints");
    }

    [TestMethod]
    public async Task HostileHeaders_NeverInjectAHeaderNorRedirectOffSite_OnApiHostedPagesAndSdkForms()
    {
        var ct = TestContext.CancellationToken;
        await using var server = await ServerProcess.StartAsync(TestContext, await SharedRedis.ConnectionStringAsync());
        const string site = "hostile-headers";
        var key = (await Api.CreateSiteAsync(server.Client, site, ct)).Key;
        await using var clientSite = await ClientSite.StartAsync(server.BaseAddress, site, key);
        var hosted = await new Browser(server.BaseAddress, $"consent/{site}", TestContext).FormAsync(ct);
        var sdk = await new Browser(clientSite.BaseAddress, "form", TestContext).FormAsync(ct);
        var visitor = CookieConsent.Client.Contracts.ConsentIds.NewVisitorId();
        var auth = ("Authorization", Encoding.ASCII.GetBytes("Bearer " + key));
        var json = ("Content-Type", Encoding.ASCII.GetBytes("application/json"));
        var form = ("Content-Type", Encoding.ASCII.GetBytes("application/x-www-form-urlencoded"));
        byte[] Form(FormContext f, string? decision) => Encoding.ASCII.GetBytes(
            $"{Uri.EscapeDataString(f.FieldName)}={Uri.EscapeDataString(f.Token)}&returnUrl=%2Fback" + (decision is null ? "" : "&decision=" + decision));

        var endpoints = new (string Name, Uri Server, string Method, string Path, (string, byte[])[] Headers, byte[]? Body)[]
        {
            ("API GET consent", server.BaseAddress, "GET", $"/v1/sites/{site}/visitors/{visitor}/consent", [auth], null),
            ("API PUT consent", server.BaseAddress, "PUT", $"/v1/sites/{site}/visitors/{visitor}/consent", [auth, json],
                Encoding.ASCII.GetBytes("{\"choices\":{\"analytics\":true,\"marketing\":false},\"userAgent\":\"x\\r\\nX-Injected: yes\"}")),
            ("hosted GET preferences", server.BaseAddress, "GET", $"/consent/{site}?returnUrl=%2Fback", [hosted.Cookie], null),
            ("hosted POST preferences", server.BaseAddress, "POST", $"/consent/{site}", [hosted.Cookie, form], Form(hosted, "accept-all")),
            ("hosted POST do-not-sell", server.BaseAddress, "POST", $"/consent/{site}/do-not-sell", [hosted.Cookie, form], Form(hosted, "do-not-sell")),
            ("hosted POST notice/hide", server.BaseAddress, "POST", $"/consent/{site}/notice/hide", [hosted.Cookie, form], Form(hosted, null)),
            ("hosted GET receipt", server.BaseAddress, "GET", $"/consent/{site}/receipt", [hosted.Cookie], null),
            ("SDK POST choices", clientSite.BaseAddress, "POST", "/consent/choices", [sdk.Cookie, form], Form(sdk, "accept-all")),
            ("SDK POST notice/hide", clientSite.BaseAddress, "POST", "/consent/notice/hide", [sdk.Cookie, form], Form(sdk, null)),
            ("SDK GET gpc.json", clientSite.BaseAddress, "GET", "/.well-known/gpc.json", [], null),
        };

        var failures = new List<string>();
        var answered = new Dictionary<int, int>();
        foreach (var (name, origin, method, path, headers, body) in endpoints)
        {
            var control = await RawHttp.SendAsync(origin, method, path, headers, body, ct);
            // The receipt needs a visitor with a consent; without one it is a 404 page.
            if (control.Status is < 200 or >= 400 && !(name == "hosted GET receipt" && control.Status == 404))
            {
                failures.Add($"{name}: the control request without hostile headers answered {control.Status}");
            }
            foreach (var hostile in HostileInput.Headers)
            {
                var response = await RawHttp.SendAsync(origin, method, path, [.. headers, hostile], body, ct);
                var what = $"{name} with {hostile.Name}: {Show(Encoding.Latin1.GetString(hostile.Value))}";
                answered[response.Status] = answered.GetValueOrDefault(response.Status) + 1;
                if (response.Status is 0 or >= 500)
                {
                    failures.Add($"{what}: answered {response.Status}");
                }
                if (response.All("X-Injected").Any() || response.All("Set-Cookie").Any(c => c.Contains("injected", StringComparison.OrdinalIgnoreCase))
                    || response.Headers.Any(h => h.Name.StartsWith("HTTP/", StringComparison.Ordinal)))
                {
                    failures.Add($"{what}: injected a header");
                }
                if (response.All("Location").Any(l => !StaysOnSite(origin, l)) || response.All("Location").Count() > 1)
                {
                    failures.Add($"{what}: Location {string.Join(" | ", response.All("Location"))}");
                }
            }
        }
        Assert.IsFalse(server.HasExited, "the server survived");
        Assert.AreEqual(HttpStatusCode.OK, await Api.StatusAsync(server.Client, Api.GetConsent(site, visitor, key), ct), "and still serves");
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(30)));
        TestContext.WriteLine($"{endpoints.Length} endpoints × {HostileInput.Headers.Length} hostile headers; answers: " +
            string.Join(", ", answered.OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}")));
    }

    /// <summary>Where a browser would go: resolved against the page (backslashes read as slashes), the same host or the allowed one.</summary>
    private static bool StaysOnSite(Uri origin, string? location)
    {
        if (location is null)
        {
            return true;
        }
        if (location.Any(c => c is < '!' or > '~'))
        {
            return false;
        }
        if (!Uri.TryCreate(origin, location.Replace('\\', '/'), out var target))
        {
            return false;
        }
        var sameOrigin = target.Scheme == origin.Scheme && target.Authority == origin.Authority;
        var allowed = target.Scheme is "https" or "http" && target.UserInfo.Length == 0
            && target.IdnHost.Equals(HostileInput.AllowedHost, StringComparison.OrdinalIgnoreCase);
        // Every decoded spelling must still be a path on the site (a later hop may decode "%2F%2F" into "//").
        var decoded = location;
        for (var i = 0; i < 4; i++)
        {
            decoded = Uri.UnescapeDataString(decoded);
            if (decoded.StartsWith("//", StringComparison.Ordinal) || decoded.StartsWith("/\\", StringComparison.Ordinal))
            {
                return false;
            }
        }
        return sameOrigin || allowed;
    }

    private static IEnumerable<string> Links(string html) =>
        LinkAttribute().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value))
            .Concat(ReturnUrlField().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)));

    private static string Show(string? value) =>
        value is null ? "(none)" : Regex.Escape(value.Length > 80 ? value[..80] + "…" : value).Replace("\0", "\\0", StringComparison.Ordinal);

    [GeneratedRegex("(?:href|action|src|formaction)=\"(?<url>[^\"]*)\"")]
    private static partial Regex LinkAttribute();

    [GeneratedRegex("name=\"returnUrl\" value=\"(?<url>[^\"]*)\"")]
    private static partial Regex ReturnUrlField();

    private sealed record FormContext(string FieldName, string Token, (string, byte[]) Cookie);

    /// <summary>A script-free browser on one origin: keeps cookies, reads the antiforgery field once, never follows redirects.</summary>
    private sealed class Browser(Uri origin, string formPage, TestContext test)
    {
        private readonly CookieContainer _cookies = new();
        private FormContext? _form;

        public Uri Origin { get; } = origin;

        public HttpClient Client => field ??= HostedForm.Browser(Origin, _cookies);

        public async Task<FormContext> FormAsync(CancellationToken ct)
        {
            if (_form is null)
            {
                var (name, token) = await HostedForm.AntiforgeryAsync(Client, formPage, ct);
                var cookie = _cookies.GetCookieHeader(Origin);
                _form = new FormContext(name, token, ("Cookie", Encoding.ASCII.GetBytes(cookie)));
            }
            return _form;
        }

        public async Task<(HttpStatusCode Status, string? Location)> PostAsync(
            string path, string? decision, string returnUrl, CancellationToken ct)
        {
            var form = await FormAsync(ct);
            var fields = new List<KeyValuePair<string, string>> { new(form.FieldName, form.Token), new("returnUrl", returnUrl) };
            if (decision is not null)
            {
                fields.Add(new("decision", decision));
            }
            using var content = new FormUrlEncodedContent(fields);
            using var response = await Client.PostAsync(path, content, ct);
            if (response.StatusCode is not (HttpStatusCode.SeeOther or HttpStatusCode.BadRequest))
            {
                test.WriteLine($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
            return (response.StatusCode, response.Headers.Location?.OriginalString);
        }
    }
}
