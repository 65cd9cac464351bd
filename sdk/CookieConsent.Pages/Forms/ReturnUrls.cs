using System.Globalization;

namespace CookieConsent.Pages;

/// <summary>
/// The one place that decides where a consent form may send the visitor back to. Used by the SDK's form
/// endpoints (local paths only) and by the consent server's hosted pages (local paths or the site's allowed hosts),
/// so an open redirect cannot creep into one of them.
/// </summary>
public static class ReturnUrls
{
    /// <summary>Longer return URLs are refused outright: nothing legitimate needs more.</summary>
    public const int MaxLength = 2048;

    // Each percent-decoding pass can reveal another layer ("%252F" -> "%2F" -> "/"); three covers double and triple
    // encoding, and anything still changing after that is refused.
    private const int MaxDecodingPasses = 3;

    /// <summary>
    /// Returns <paramref name="returnUrl"/> when it is safe to redirect to, otherwise <paramref name="fallback"/>.
    /// Safe: a local path (<c>/x</c>, never <c>//x</c> or <c>/\x</c>), or an absolute <c>http(s)://</c> URL whose host is
    /// one of <paramref name="allowedHosts"/> (an entry with a port must match the port too).
    /// </summary>
    public static string Validate(string? returnUrl, IReadOnlyCollection<string>? allowedHosts, string fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return TryValidate(returnUrl, allowedHosts, out var safe) ? safe : fallback;
    }

    /// <summary>Whether <paramref name="returnUrl"/> is safe (see <see cref="Validate"/>); the safe form to redirect to.</summary>
    public static bool TryValidate(string? returnUrl, IReadOnlyCollection<string>? allowedHosts, out string safe)
    {
        safe = "";
        // The raw value goes into a Location header: printable ASCII only (anything else arrives percent-encoded).
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > MaxLength || returnUrl.Any(c => c is < '!' or > '~'))
        {
            return false;
        }

        // Check the raw form and every percent-decoded form: a browser or a later hop may decode before it resolves.
        var current = returnUrl;
        for (var pass = 0; ; pass++)
        {
            if (!HasOnlySafeCharacters(current))
            {
                return false;
            }
            string decoded;
            try
            {
                decoded = Uri.UnescapeDataString(current);
            }
            catch (UriFormatException)
            {
                return false;
            }
            if (decoded == current)
            {
                break;
            }
            if (pass == MaxDecodingPasses)
            {
                return false;
            }
            if (decoded.StartsWith("//", StringComparison.Ordinal) || decoded.StartsWith("/\\", StringComparison.Ordinal))
            {
                return false;
            }
            current = decoded;
        }

        if (IsLocalPath(returnUrl))
        {
            // Every decoded form must stay local as well ("/%2F/evil" decodes to "///evil").
            if (!IsLocalPath(Uri.UnescapeDataString(returnUrl)))
            {
                return false;
            }
            safe = returnUrl;
            return true;
        }

        return TryAllowedAbsolute(returnUrl, allowedHosts, out safe);
    }

    /// <summary>A path on this origin: starts with one <c>/</c> that is not followed by <c>/</c> or <c>\</c>.</summary>
    private static bool IsLocalPath(string url) =>
        url.Length >= 1
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static bool TryAllowedAbsolute(string url, IReadOnlyCollection<string>? allowedHosts, out string safe)
    {
        safe = "";
        if (allowedHosts is null || allowedHosts.Count == 0)
        {
            return false;
        }
        // Insist on the literal "scheme://" form: "https:evil.example" and "https:/evil.example" are resolved
        // differently by browsers and by Uri, so they are refused rather than interpreted.
        if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0
            || uri.HostNameType is UriHostNameType.Unknown)
        {
            return false;
        }
        foreach (var entry in allowedHosts)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }
            var matches = entry.Contains(':', StringComparison.Ordinal)
                ? string.Equals(entry, uri.Authority, StringComparison.OrdinalIgnoreCase)
                : string.Equals(entry, uri.IdnHost, StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                safe = uri.AbsoluteUri;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// No backslash (browsers read it as <c>/</c>), no whitespace or control character (browsers drop tabs and
    /// newlines inside URLs, so <c>/&#9;/evil</c> becomes <c>//evil</c>).
    /// </summary>
    private static bool HasOnlySafeCharacters(string url)
    {
        foreach (var c in url)
        {
            // Format characters (bidi overrides, zero-width joiners) would make a URL read differently than it goes.
            if (c == '\\' || char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return false;
            }
        }
        return true;
    }
}
