using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>The consent server's API, called as an operator's scripts or a site's back end would, to check what the console did.</summary>
internal sealed class ConsentServerApi(CancellationToken cancellationToken) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(BrowserEnvironment.ServerUrl) };

    /// <summary>The site's definition as <c>GET /v1/sites/{site}</c> answers it (admin key).</summary>
    public async Task<JsonElement> GetSiteAsync(string site)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/sites/{site}", BrowserEnvironment.AdminKey);
        await ExpectAsync(response, HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("definition").Clone();
    }

    public async Task PutSiteAsync(string site, string json)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/v1/sites/{site}", BrowserEnvironment.AdminKey, json);
        Assert.IsTrue(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<string> CreateKeyAsync(string site)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v1/sites/{site}/keys", BrowserEnvironment.AdminKey);
        await ExpectAsync(response, HttpStatusCode.Created);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>Records a choice for <paramref name="visitor"/>; returns the status the API answered.</summary>
    public async Task<HttpStatusCode> RecordAsync(string site, string key, string visitor, string choicesJson)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/v1/sites/{site}/visitors/{visitor}/consent", key,
            $$"""{"choices": {{choicesJson}}, "source": "banner"}""");
        return response.StatusCode;
    }

    /// <summary>How many receipts the API exports for <paramref name="visitor"/>.</summary>
    public async Task<int> ReceiptCountAsync(string site, string key, string visitor)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/receipts", key);
        await ExpectAsync(response, HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("receipts").GetArrayLength();
    }

    public async Task<HttpStatusCode> ConsentStatusAsync(string site, string key, string visitor)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v1/sites/{site}/visitors/{visitor}/consent", key);
        return response.StatusCode;
    }

    /// <summary>A random visitor id, as the server makes them (16 bytes, base64url).</summary>
    public static string NewVisitor() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _http.Dispose();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return _http.SendAsync(request, cancellationToken);
    }

    private async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: " +
                await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }
}
