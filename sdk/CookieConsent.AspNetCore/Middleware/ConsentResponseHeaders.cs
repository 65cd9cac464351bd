using CookieConsent.AspNetCore.Features;
using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>
/// Keeps shared caches from serving one visitor's consent-dependent page to another. Applied to every response
/// whose consent was read during the request and, because pages usually render the banner or an
/// <c>&lt;if-consent&gt;</c> block without saying so, to every HTML response.
/// </summary>
internal static class ConsentResponseHeaders
{
    private static readonly string[] VaryBy = ["Cookie", "DNT", "Sec-GPC"];
    // What AddVary makes of a response that varies by nothing yet (most of them): no splitting, no joining.
    private static readonly string VaryByOnly = string.Join(", ", VaryBy);
    // The values most responses get: set as they are when the page set none (no parsing, no joining).
    private static readonly StringValues PrivateValue = CacheControlHeaderValue.PrivateString;
    private static readonly StringValues VaryByOnlyValue = VaryByOnly;

    public static void Apply(HttpResponse response, ConsentFeature consent)
    {
        if (!consent.WasRead && !IsHtml(response.ContentType))
        {
            return;
        }
        var headers = response.Headers;
        var cacheControl = headers.CacheControl;
        headers.CacheControl = cacheControl.Count == 0 ? PrivateValue : MakePrivate(cacheControl.ToString());
        var vary = headers.Vary;
        headers.Vary = vary.Count == 0 ? VaryByOnlyValue : AddVary(vary.ToString());
    }

    /// <summary>The <c>Tk</c> value answering a consent form post: the tracking status may have changed (W3C TPE §6.2).</summary>
    public const string Updated = "U";

    /// <summary>
    /// The <c>Tk</c> tracking status (W3C Tracking Preference Expression) for a request carrying <c>DNT</c>: <c>C</c> when
    /// an optional category is allowed by the visitor's own consent (even despite <c>DNT: 1</c>); otherwise <c>D</c> when
    /// the site tracks despite <c>DNT: 1</c> by its regime's default, <c>T</c> when it tracks by default without
    /// <c>DNT: 1</c>, and <c>N</c> when nothing optional is allowed.
    /// </summary>
    public static string TrackingStatus(ConsentFeature consent)
    {
        var definition = consent.DefinitionValue;
        var consented = false;
        var tracks = false;
        if (definition is not null)
        {
            var decisions = consent.DecisionsValue;
            for (var i = 0; i < decisions.Count; i++)
            {
                if (decisions[i].Allowed && !definition.Categories[i].Required)
                {
                    tracks = true;
                    consented |= decisions[i].Reason == DecisionReason.VisitorChoice;
                }
            }
        }
        return consented ? "C" : !tracks ? "N" : consent.SignalsValue.DoNotTrack ? "D" : "T";
    }

    private static bool IsHtml(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    internal static string MakePrivate(string existing)
    {
        if (string.IsNullOrWhiteSpace(existing))
        {
            return CacheControlHeaderValue.PrivateString;
        }
        var directives = existing.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (directives.Any(d => IsDirective(d, "private") || IsDirective(d, "no-store")))
        {
            return existing;
        }
        directives.RemoveAll(d => IsDirective(d, "public") || IsDirective(d, "s-maxage"));
        directives.Insert(0, CacheControlHeaderValue.PrivateString);
        return string.Join(", ", directives);
    }

    internal static string AddVary(string existing)
    {
        if (string.IsNullOrWhiteSpace(existing))
        {
            return VaryByOnly;
        }
        var values = existing.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (values.Contains("*"))
        {
            return existing;
        }
        foreach (var header in VaryBy)
        {
            if (!values.Contains(header, StringComparer.OrdinalIgnoreCase))
            {
                values.Add(header);
            }
        }
        return string.Join(", ", values);
    }

    private static bool IsDirective(string directive, string name) =>
        directive.Equals(name, StringComparison.OrdinalIgnoreCase)
        || directive.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase);
}
