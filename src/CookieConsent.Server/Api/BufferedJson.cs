using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace CookieConsent.Server.Api;

/// <summary>
/// A JSON request body of type <typeparamref name="T"/>, bound before the endpoint's filters as the framework binds
/// a body parameter, but read whole (Kestrel and <see cref="RequestBodyLimit"/> bound its size) and parsed in one
/// synchronous pass with the API's JSON options. The framework's own JSON binding parses through an asynchronous
/// pipe reader, which cost about 4 µs of a token verification's 35 µs of server time (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Refuses what that binding refuses, with the same statuses, as <see cref="BadHttpRequestException"/> for
/// <see cref="BadRequestExceptionHandler"/>: no body (400), a body that is not JSON (415), JSON that does not read
/// as the requested type (400, naming the member at fault). The OpenAPI document takes the body's schema from the
/// endpoint's <c>Accepts&lt;T&gt;</c>.
/// </remarks>
internal sealed record BufferedJson<T>(T Value)
    where T : class
{
    /// <exception cref="BadHttpRequestException">The body is missing, not JSON, or not a <typeparamref name="T"/>.</exception>
    public static async ValueTask<BufferedJson<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameter);
        var request = context.Request;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true })
        {
            throw Missing(parameter);
        }
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException($"Expected a supported JSON media type but got \"{request.ContentType}\".",
                StatusCodes.Status415UnsupportedMediaType);
        }
        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            read = await reader.ReadAsync(context.RequestAborted);
            while (!read.IsCompleted)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                read = await reader.ReadAsync(context.RequestAborted);
            }
        }
        // Kestrel's own refusals (a body over the limit: 413) are BadHttpRequestExceptions already, and pass as they are.
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw new BadHttpRequestException("The request body could not be read.", e);
        }
        var body = read.Buffer;
        try
        {
            var type = ApiJson.TypeInfo<T>(context);
            // A body in more than one buffer (over about 4 KiB, and at most the body limit) is copied once and parsed
            // whole, so trailing content is refused there as it is from one span.
            var value = body.IsEmpty ? null
                : body.IsSingleSegment ? JsonSerializer.Deserialize(body.FirstSpan, type)
                : JsonSerializer.Deserialize(body.ToArray(), type);
            return new BufferedJson<T>(value ?? throw Missing(parameter));
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"Failed to read parameter \"{typeof(T).Name} {parameter.Name}\" from the request body as JSON.", e);
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    private static BadHttpRequestException Missing(ParameterInfo parameter) =>
        new($"The request needs a JSON body ({typeof(T).Name} {parameter.Name}); it had none, or null.");
}
