using System.Collections.Concurrent;
using CookieConsent.AspNetCore.Features;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>
/// Removes <c>Set-Cookie</c> headers for cookies the site declared under a category the visitor has not allowed,
/// just before the response starts. Deletions (an expiry in the past) always pass: removing a cookie never needs consent.
/// </summary>
internal sealed class CookieEnforcer
{
    private const int MaxRememberedNames = 1024;

    private readonly ILogger<CookieEnforcer> _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, byte> _logged = new(StringComparer.Ordinal);

    public CookieEnforcer(ILogger<CookieEnforcer> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
    }

    public void Enforce(HttpResponse response, ConsentFeature consent)
    {
        var definition = consent.DefinitionValue;
        var headers = response.Headers.SetCookie;
        if (definition is null || headers.Count == 0)
        {
            return;
        }
        List<string>? kept = null;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i] ?? "";
            var name = NameOf(header);
            // Deletions always pass; whether this is one is parsed only for a cookie that would otherwise be removed.
            var denied = name.IsEmpty || name.SequenceEqual(definition.CookieName) || name.SequenceEqual(ConsentFormFields.NoticeCookie)
                ? null
                : DeclaredCookies.DeniedCategoryOf(definition, name, consent, static (consent, category) => consent.IsAllowedCore(category));
            if (denied is null || IsDeletion(header, _time.GetUtcNow()))
            {
                kept?.Add(header);
                continue;
            }
            if (kept is null)
            {
                kept = new List<string>(headers.Count);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(headers[j] ?? "");
                }
            }
            var stripped = name.ToString();
            if (_logged.Count < MaxRememberedNames && _logged.TryAdd(stripped, 0))
            {
                Log.CookieStripped(_logger, stripped, denied.Id);
            }
        }
        if (kept is not null)
        {
            response.Headers.SetCookie = new StringValues([.. kept]);
        }
    }

    // The name before '=', trimmed; empty when there is none.
    private static ReadOnlySpan<char> NameOf(string header)
    {
        var equals = header.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0 ? [] : header.AsSpan(0, equals).Trim();
    }

    private static bool IsDeletion(string header, DateTimeOffset now) =>
        SetCookieHeaderValue.TryParse(header, out var parsed)
        && (parsed.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero || parsed.Expires is { } expires && expires <= now);
}
