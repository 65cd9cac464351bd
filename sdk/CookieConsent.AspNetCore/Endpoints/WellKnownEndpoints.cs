using System.Globalization;
using System.Text.Json;
using CookieConsent.AspNetCore.Policy;
using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieConsent.AspNetCore.Endpoints;

/// <summary>
/// Machine-readable statements generated from the site's settings: <c>/.well-known/gpc.json</c> (Global Privacy
/// Control) and the Do Not Track tracking status resource <c>/.well-known/dnt/</c>.
/// </summary>
internal static class WellKnownEndpoints
{
    public const string GpcPath = "/.well-known/gpc.json";
    public const string DntPath = "/.well-known/dnt/";
    public const string TrackingStatusMediaType = "application/tracking-status+json";

    /// <summary>
    /// The GPC specification version this implementation follows: W3C Working Draft "Global Privacy Control (GPC)"
    /// of 3 December 2024 (https://www.w3.org/TR/2024/WD-gpc-20241203/). <c>lastUpdate</c> states it so a later change
    /// to the meaning of the signal does not change what the site declared; bump it only after checking a newer draft.
    /// </summary>
    internal static readonly DateOnly GpcSpecificationDate = new(2024, 12, 3);

    /// <summary>
    /// <c>{"gpc": true, "lastUpdate": "YYYY-MM-DD"}</c> when the site honours GPC, dated with the specification version
    /// followed (<see cref="GpcSpecificationDate"/>); 404 when it does not.
    /// </summary>
    public static async Task GpcAsync(HttpContext context)
    {
        var policy = await PolicyAsync(context);
        if (policy is null)
        {
            return;
        }
        if (!policy.Definition.HonorGlobalPrivacyControl)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await WriteJsonAsync(context, "application/json", writer =>
        {
            writer.WriteBoolean("gpc", true);
            writer.WriteString("lastUpdate", GpcSpecificationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        });
    }

    /// <summary>
    /// The site-wide tracking status for requests carrying <c>DNT: 1</c>: <c>N</c> (not tracking) when the site honours
    /// DNT, as every such request's <c>Tk</c> header says; <c>?</c> (dynamic: <c>C</c>, <c>D</c> or <c>N</c> per request,
    /// see the <c>Tk</c> header) when it does not.
    /// </summary>
    public static async Task DntAsync(HttpContext context)
    {
        var policy = await PolicyAsync(context);
        if (policy is null)
        {
            return;
        }
        await WriteJsonAsync(context, TrackingStatusMediaType, writer =>
        {
            writer.WriteString("tracking", policy.Definition.HonorDoNotTrack ? "N" : "?");
            if (policy.Definition.PolicyUrl is { Length: > 0 } url)
            {
                writer.WriteString("policy", url);
            }
        });
    }

    private static async Task<PolicyResponse?> PolicyAsync(HttpContext context)
    {
        var policy = await context.RequestServices.GetRequiredService<ConsentPolicyCache>().GetAsync(context.RequestAborted);
        if (policy is null)
        {
            context.Response.Headers.RetryAfter = "30";
            await Results.Problem(title: "Site policy unavailable", detail: "The consent service is unavailable right now.",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
        }
        return policy;
    }

    private static async Task WriteJsonAsync(HttpContext context, string mediaType, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = mediaType;
        context.Response.Headers.CacheControl = "max-age=300";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
