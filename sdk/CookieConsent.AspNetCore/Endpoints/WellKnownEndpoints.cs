using System.Globalization;
using System.Text.Json;
using CookieConsent.AspNetCore.Policy;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;
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

    /// <summary><c>{"gpc": true, "lastUpdate": "YYYY-MM-DD"}</c> when the site honours GPC; 404 when it does not.</summary>
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
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        await WriteJsonAsync(context, "application/json", writer =>
        {
            writer.WriteBoolean("gpc", true);
            if (LastUpdate(policy.Definition, now) is { } day)
            {
                writer.WriteString("lastUpdate", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        });
    }

    /// <summary>
    /// The site-wide tracking status: <c>N</c> (not tracking) when the site honours DNT; <c>?</c> (depends on the
    /// visitor's consent, see the <c>Tk</c> header) when it does not.
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

    // The date the policy in force took effect: when the statement last changed in substance.
    private static DateOnly? LastUpdate(SiteDefinition definition, DateTimeOffset now)
    {
        var current = ConsentDecider.CurrentPolicyVersion(definition, now);
        var version = definition.PolicyVersions.FirstOrDefault(v => v.Version == current);
        return version is null ? null : DateOnly.FromDateTime(version.EffectiveFrom.UtcDateTime);
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
