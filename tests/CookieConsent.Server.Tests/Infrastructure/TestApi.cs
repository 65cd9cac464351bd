using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>Calls the server's API the way a client would, with helpers for the usual set-up steps.</summary>
public sealed class TestApi(HttpClient http, TestContext context)
{
    public HttpClient Http { get; } = http;

    public CancellationToken Cancellation => context.CancellationToken;

    public static string NewVisitor() => ConsentIds.NewVisitorId();

    /// <summary>Creates a site with a fresh unique id through the SDK's admin client and returns the id.</summary>
    public async Task<string> CreateSiteAsync(SiteDefinition? definition = null, string? hint = null)
    {
        var site = TestSites.UniqueId(context, hint);
        await using var admin = Admin();
        var created = await admin.GetRequiredService<ICookieConsentAdminApi>().PutSiteAsync(site, definition ?? TestSites.Default(), Cancellation);
        Assert.AreEqual(site, created.Id);
        return site;
    }

    public Task<HttpResponseMessage> PutSiteAsync(string site, SiteDefinition definition, string? key = ConsentServerFactory.AdminKey) =>
        SendAsync(HttpMethod.Put, $"/v1/sites/{site}", key, JsonContent.Create(definition, ConsentJsonContext.Default.SiteDefinition));

    public async Task<ApiKeyCreated> CreateKeyAsync(string site)
    {
        await using var admin = Admin();
        return await admin.GetRequiredService<ICookieConsentAdminApi>().CreateKeyAsync(site, Cancellation);
    }

    public async Task RevokeKeyAsync(string site, string keyId)
    {
        await using var admin = Admin();
        await admin.GetRequiredService<ICookieConsentAdminApi>().RevokeKeyAsync(site, keyId, Cancellation);
    }

    // The SDK's admin client as AddCookieConsentAdminClient registers it, sending through this test's HttpClient.
    private ServiceProvider Admin()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCookieConsentAdminClient(options =>
        {
            options.ServerUrl = Http.BaseAddress?.ToString();
            options.AdminKey = ConsentServerFactory.AdminKey;
        }).ConfigurePrimaryHttpMessageHandler(() => new ThroughHttpClient(Http));
        return services.BuildServiceProvider();
    }

    /// <summary>A new site and a key of it.</summary>
    public async Task<(string Site, string Key)> CreateSiteWithKeyAsync(SiteDefinition? definition = null, string? hint = null)
    {
        var site = await CreateSiteAsync(definition, hint);
        return (site, (await CreateKeyAsync(site)).Key);
    }

    public Task<HttpResponseMessage> PutConsentAsync(
        string site, string? key, string visitor, IReadOnlyDictionary<string, bool> choices,
        string? ip = null, string? userAgent = null, bool dnt = false, bool gpc = false, bool confirmedOverGpc = false) =>
        SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key,
            JsonContent.Create(new RecordConsentRequest(choices, ConsentSource.Banner, ip, userAgent, confirmedOverGpc), ConsentJsonContext.Default.RecordConsentRequest),
            Signals(dnt, gpc));

    public async Task<RecordConsentResponse> RecordAsync(
        string site, string key, string visitor, IReadOnlyDictionary<string, bool> choices,
        string? ip = null, string? userAgent = null, bool dnt = false, bool gpc = false, bool confirmedOverGpc = false)
    {
        using var response = await PutConsentAsync(site, key, visitor, choices, ip, userAgent, dnt, gpc, confirmedOverGpc);
        await Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.RecordConsentResponse, Cancellation))!;
    }

    public Task<HttpResponseMessage> GetConsentResponseAsync(string site, string? key, string visitor, bool dnt = false, bool gpc = false) =>
        SendAsync(HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/consent", key, null, Signals(dnt, gpc));

    public async Task<ConsentDecisions> GetConsentAsync(string site, string key, string visitor, bool dnt = false, bool gpc = false)
    {
        using var response = await GetConsentResponseAsync(site, key, visitor, dnt, gpc);
        await Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ConsentDecisions, Cancellation))!;
    }

    public Task<HttpResponseMessage> VerifyResponseAsync(string site, string? key, string token, bool dnt = false, bool gpc = false) =>
        SendAsync(HttpMethod.Post, $"/v1/sites/{site}/tokens/verify", key,
            JsonContent.Create(new VerifyTokenRequest(token), ConsentJsonContext.Default.VerifyTokenRequest), Signals(dnt, gpc));

    public async Task<ConsentDecisions> VerifyAsync(string site, string key, string token, bool dnt = false, bool gpc = false)
    {
        using var response = await VerifyResponseAsync(site, key, token, dnt, gpc);
        await Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ConsentDecisions, Cancellation))!;
    }

    public async Task<ReceiptExport> ExportAsync(string site, string key, string visitor)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/receipts", key);
        await Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ReceiptExport, Cancellation))!;
    }

    public async Task EraseAsync(string site, string key, string visitor)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"/v1/sites/{site}/visitors/{visitor}", key);
        await Expect(response, HttpStatusCode.NoContent);
    }

    public async Task<SiteStats> StatsAsync(string site, string key)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/sites/{site}/stats", key);
        await Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteStats, Cancellation))!;
    }

    /// <summary>Sends a request with an optional Bearer key, body and extra headers.</summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? key, HttpContent? body = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return Http.SendAsync(request, Cancellation);
    }

    /// <summary>Starts the host and makes it create (or load) the DataProtection key ring.</summary>
    public async Task WarmUpAsync()
    {
        var (site, key) = await CreateSiteWithKeyAsync(hint: "warm-up");
        await RecordAsync(site, key, NewVisitor(), TestSites.Choices(TestSites.Default(), allowed: true));
    }

    public static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        }
    }

    // An HttpClient sends a request message only once: pass a copy of each to the test's client (its in-memory server).
    private sealed class ThroughHttpClient(HttpClient http) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            return http.SendAsync(copy, cancellationToken);
        }
    }

    private static List<KeyValuePair<string, string>> Signals(bool dnt, bool gpc)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (dnt)
        {
            headers.Add(new("DNT", "1"));
        }
        if (gpc)
        {
            headers.Add(new("Sec-GPC", "1"));
        }
        return headers;
    }
}
