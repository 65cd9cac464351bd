using System.Net.Http.Json;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using Refit;

namespace CookieConsent.Client.Http;

/// <summary>The Refit settings both clients share: source-generated JSON, the Bearer key, problem details as exceptions.</summary>
internal static class ConsentRefitSettings
{
    // The context's own options (web defaults, enums as strings, strict numbers) with the context as the resolver.
    private static readonly JsonSerializerOptions s_json = new(ConsentJsonContext.Default.Options);

    public static RefitSettings Create(Func<string?> key) => new(new SystemTextJsonContentSerializer(s_json))
    {
        // Filled in only where the interface declares "Authorization: Bearer"; the public policy carries no key.
        AuthorizationHeaderValueGetter = (_, _) => new ValueTask<string>(key() ?? ""),
        ExceptionFactory = CreateExceptionAsync,
        // An ApiException (an unreadable answer) keeps the request: a logger that serialises exception objects must not
        // find the key there. (An ApiRequestException still carries it; the SDK only logs exceptions as text.)
        ExceptionRedactor = exception => exception.RequestMessage.Headers.Authorization = null,
    };

    /// <summary>An error answer becomes <see cref="ConsentApiException"/> with its problem details, or its status alone.</summary>
    internal static async ValueTask<Exception?> CreateExceptionAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }
        var status = (int)response.StatusCode;
        var fallback = new ProblemBody(null, response.ReasonPhrase, status, null);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return new ConsentApiException(status, fallback);
        }
        try
        {
            return new ConsentApiException(status,
                await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ProblemBody).ConfigureAwait(false) ?? fallback);
        }
        catch (JsonException)
        {
            // The status alone still says what happened.
            return new ConsentApiException(status, fallback);
        }
    }
}
