using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace CookieConsent.Server.Api;

/// <summary>
/// 200 with <paramref name="value"/> serialised with the API's JSON options in one synchronous pass and written once
/// with <c>Content-Length</c> (<see cref="PrecomputedJson{T}"/>). <c>Ok&lt;T&gt;</c> serialises through the response's
/// asynchronous writer, which cost a consent write about 5 % of its server time (docs/benchmarks.md). Documented in
/// OpenAPI exactly like <c>Ok&lt;T&gt;</c>.
/// </summary>
internal sealed class OkJson<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<T>
    where T : class
{
    public T Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return new PrecomputedJson<T>(JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.TypeInfo<T>(httpContext)))
            .ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        PrecomputedJson<T>.PopulateMetadata(method, builder);
}
