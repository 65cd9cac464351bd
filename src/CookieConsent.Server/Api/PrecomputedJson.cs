using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace CookieConsent.Server.Api;

/// <summary>
/// 200 with a JSON body serialised beforehand (and often cached): one write with <c>Content-Length</c> set, instead of
/// serialising per request. Documented in OpenAPI as <typeparamref name="T"/>, exactly like <c>Ok&lt;T&gt;</c>.
/// </summary>
internal sealed class PrecomputedJson<T>(byte[] utf8Json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    private const string ContentType = "application/json; charset=utf-8";

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Body => utf8Json;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = utf8Json.Length;
        return response.Body.WriteAsync(utf8Json, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }
}
