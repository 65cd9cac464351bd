using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Api;

/// <summary>The API's JSON contract for a type, from the options the framework binds and answers with.</summary>
internal static class ApiJson
{
    public static JsonTypeInfo<T> TypeInfo<T>(HttpContext context) =>
        (JsonTypeInfo<T>)context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value
            .SerializerOptions.GetTypeInfo(typeof(T));
}
