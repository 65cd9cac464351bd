using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CookieConsent.Server.Api;

/// <summary>
/// Turns a request the framework could not bind (unreadable, ambiguous or over-long JSON, a body of the wrong type)
/// into problem details that say what was wrong: a JSON error names the member at fault, keyed by its path in the body.
/// Handled here, it is the client's mistake and not logged as a server error.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = bad.InnerException is JsonException json ? JsonProblem(json) : new ProblemDetails
        {
            Status = bad.StatusCode,
            Detail = bad.Message,
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static HttpValidationProblemDetails JsonProblem(JsonException json)
    {
        var message = WithoutPosition(json.Message);
        var member = json.Path is null or "$" ? "body" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path;
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [member] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid JSON body",
            Detail = $"The JSON body could not be read at '{member}': {message} Nothing was changed.",
        };
    }

    // System.Text.Json appends "Path: $.x | LineNumber: 0 | BytePositionInLine: 9." to its messages; the path is
    // already the error's key.
    // already the error's key. The schema's names, not .NET's, are the ones a client knows.
    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at])
            .Replace("any .NET member", "any member", StringComparison.Ordinal)
            .Replace("'CookieConsent.Client.Contracts.", "'", StringComparison.Ordinal);
    }
}
