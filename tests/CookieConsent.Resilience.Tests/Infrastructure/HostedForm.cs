using System.Net;
using System.Text.RegularExpressions;

namespace CookieConsent.Resilience.Tests.Infrastructure;

/// <summary>Drives a hosted consent page like a browser without script: GET the form, POST it back with its cookies.</summary>
internal static partial class HostedForm
{
    /// <summary>A client that keeps cookies and does not follow redirects (the tests read the 303 themselves).</summary>
    public static HttpClient Browser(Uri baseAddress, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>GETs <paramref name="pagePath"/> and returns the antiforgery field of its first form.</summary>
    public static async Task<KeyValuePair<string, string>> AntiforgeryAsync(HttpClient browser, string pagePath, CancellationToken ct)
    {
        using var page = await browser.GetAsync(pagePath, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode, html);
        var match = HiddenField().Match(html);
        Assert.IsTrue(match.Success, "the page has an antiforgery field");
        return new(WebUtility.HtmlDecode(match.Groups["name"].Value), WebUtility.HtmlDecode(match.Groups["value"].Value));
    }

    /// <summary>Posts a decision with a valid antiforgery token; extra fields (e.g. returnUrl) go along.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string pagePath, string postPath,
        IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct)
    {
        var antiforgery = await AntiforgeryAsync(browser, pagePath, ct);
        using var form = new FormUrlEncodedContent(fields.Append(antiforgery));
        return await browser.PostAsync(postPath, form, ct);
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>__RequestVerificationToken[^\"]*)\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex HiddenField();
}
