using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CookieConsent.Contracts;
using Microsoft.Extensions.Options;

namespace CookieConsent.Http;

/// <summary>
/// <see cref="ICookieConsentApi"/> over a typed <see cref="HttpClient"/>. What a caller can see:
/// <see cref="ConsentApiException"/> for an error answer (with its problem details), <see cref="TimeoutException"/>
/// when no answer came in time, <see cref="HttpRequestException"/> when the server could not be reached,
/// <see cref="JsonException"/> for a malformed answer, <see cref="OperationCanceledException"/> only when the
/// caller's token was cancelled.
/// </summary>
internal sealed class CookieConsentApiClient : ICookieConsentApi
{
    private readonly HttpClient _http;
    private readonly CookieConsentClientOptions _options;

    public CookieConsentApiClient(HttpClient http, IOptions<CookieConsentClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
    }

    private static ConsentJsonContext Json => ConsentJsonContext.Default;

    public Task<PolicyResponse> GetPolicyAsync(string site, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Path(site, "policy"), Key.None, null, ConsentSignals.None, Json.PolicyResponse, cancellationToken);

    public Task<SiteResponse> PutSiteAsync(string site, SiteDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return SendAsync(HttpMethod.Put, Path(site), Key.Admin, JsonContent.Create(definition, Json.SiteDefinition),
            ConsentSignals.None, Json.SiteResponse, cancellationToken);
    }

    public Task<SiteResponse> GetSiteAsync(string site, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Path(site), Key.Admin, null, ConsentSignals.None, Json.SiteResponse, cancellationToken);

    public Task<ApiKeyCreated> CreateKeyAsync(string site, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Path(site, "keys"), Key.Admin, null, ConsentSignals.None, Json.ApiKeyCreated, cancellationToken);

    public Task RevokeKeyAsync(string site, string keyId, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, Path(site, "keys", keyId), Key.Admin, null, ConsentSignals.None, null, cancellationToken);

    public Task<RecordConsentResponse> RecordConsentAsync(
        string site, string visitor, RecordConsentRequest request, ConsentSignals signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Put, Path(site, "visitors", visitor, "consent"), Key.Site,
            JsonContent.Create(request, Json.RecordConsentRequest), signals, Json.RecordConsentResponse, cancellationToken);
    }

    public Task<RecordConsentResponse> RecordSignalAsync(
        string site, string visitor, ConsentSignals signals, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Path(site, "visitors", visitor, "consent", "signal"), Key.Site, null, signals,
            Json.RecordConsentResponse, cancellationToken);

    public Task<ConsentDecisions> GetConsentAsync(
        string site, string visitor, ConsentSignals signals, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Path(site, "visitors", visitor, "consent"), Key.Site, null, signals,
            Json.ConsentDecisions, cancellationToken);

    public Task<ConsentDecisions> VerifyTokenAsync(
        string site, string token, ConsentSignals signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SendAsync(HttpMethod.Post, Path(site, "tokens", "verify"), Key.Site,
            JsonContent.Create(new VerifyTokenRequest(token), Json.VerifyTokenRequest), signals, Json.ConsentDecisions, cancellationToken);
    }

    public Task<ReceiptExport> ExportReceiptsAsync(string site, string visitor, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Path(site, "visitors", visitor, "receipts"), Key.Site, null, ConsentSignals.None,
            Json.ReceiptExport, cancellationToken);

    public Task EraseVisitorAsync(string site, string visitor, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, Path(site, "visitors", visitor), Key.Site, null, ConsentSignals.None, null, cancellationToken);

    public Task<SiteStats> GetStatsAsync(string site, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Path(site, "stats"), Key.Site, null, ConsentSignals.None, Json.SiteStats, cancellationToken);

    // Relative to the base address (so a server URL with a path works); every caller-supplied segment escaped.
    private static string Path(string site, params string[] rest)
    {
        ArgumentNullException.ThrowIfNull(site);
        var path = "v1/sites/" + Uri.EscapeDataString(site);
        foreach (var segment in rest)
        {
            ArgumentNullException.ThrowIfNull(segment);
            path += "/" + Uri.EscapeDataString(segment);
        }
        return path;
    }

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, Key key, HttpContent? content, ConsentSignals signals,
        JsonTypeInfo<T>? answer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var secret = key switch
        {
            Key.Site => _options.ApiKey,
            Key.Admin => _options.AdminKey,
            _ => null,
        };
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
        if (signals.DoNotTrack)
        {
            request.Headers.TryAddWithoutValidation("DNT", "1");
        }
        if (signals.GlobalPrivacyControl)
        {
            request.Headers.TryAddWithoutValidation("Sec-GPC", "1");
        }

        try
        {
            // The whole body is buffered inside the timeout: a server that stalls mid-body cannot hang the caller.
            using var response = await _http.SendAsync(request, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConsentApiException((int)response.StatusCode, await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false));
            }
            if (answer is null)
            {
                return default!;
            }
            return await response.Content.ReadFromJsonAsync(answer, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("The CookieConsent API answered with an empty body.");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's overall timeout: report it as what it is, so callers can tell it from their own cancellation.
            throw new TimeoutException($"The CookieConsent API did not answer within {_http.Timeout.TotalSeconds:0.###} s.", e);
        }
    }

    private static async Task<ProblemBody> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var fallback = new ProblemBody(null, response.ReasonPhrase, (int)response.StatusCode, null);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return fallback;
        }
        try
        {
            return await response.Content.ReadFromJsonAsync(Json.ProblemBody, cancellationToken).ConfigureAwait(false) ?? fallback;
        }
        catch (JsonException)
        {
            // The status alone still says what happened.
            return fallback;
        }
    }

    private enum Key
    {
        None,
        Site,
        Admin,
    }
}
