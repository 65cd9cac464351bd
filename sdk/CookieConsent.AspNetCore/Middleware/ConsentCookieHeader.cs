using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>
/// Where the consent cookie's value sits in the request's <c>Cookie</c> header, found without parsing every cookie
/// (<c>Request.Cookies</c> allocates a string per cookie on first use). Only the plain case is answered: exactly one
/// pair with the name (compared ignoring case, as <c>Request.Cookies</c> does) and a value of base64url characters,
/// which that parser reads the same way since there is nothing to unquote or unescape. Anything else — absent, empty,
/// repeated, quoted, escaped — is left to <c>Request.Cookies</c>.
/// </summary>
internal readonly record struct ConsentCookieHeader(int Header, int Start, int Length)
{
    /// <summary>The value's characters inside <paramref name="headers"/>.</summary>
    public ReadOnlySpan<char> Of(StringValues headers) => headers[Header].AsSpan(Start, Length);

    public static bool TryFind(StringValues headers, string name, out ConsentCookieHeader found)
    {
        found = default;
        var seen = false;
        for (var h = 0; h < headers.Count; h++)
        {
            var header = headers[h];
            if (header is null)
            {
                continue;
            }
            var i = 0;
            while (i < header.Length)
            {
                while (i < header.Length && header[i] is ' ' or '\t')
                {
                    i++;
                }
                var afterName = i + name.Length;
                if (header.AsSpan(i).StartsWith(name, StringComparison.OrdinalIgnoreCase)
                    && (afterName == header.Length || !IsTokenChar(header[afterName])))
                {
                    // Our name: usable only once, written plainly as name=value.
                    if (seen || afterName == header.Length || header[afterName] != '=')
                    {
                        return false;
                    }
                    var start = afterName + 1;
                    // Vectorised: the value is most of the header (a char-by-char loop was the request's costliest step).
                    var length = header.AsSpan(start).IndexOfAnyExcept(Base64UrlChars);
                    var end = length < 0 ? header.Length : start + length;
                    var next = end;
                    while (next < header.Length && header[next] is ' ' or '\t')
                    {
                        next++;
                    }
                    if (end == start || next < header.Length && header[next] is not (';' or ','))
                    {
                        return false;
                    }
                    seen = true;
                    found = new ConsentCookieHeader(h, start, end - start);
                    // The separator search below starts after the value rather than scanning it again.
                    i = next;
                }
                var separator = header.AsSpan(i).IndexOfAny(';', ',');
                if (separator < 0)
                {
                    break;
                }
                i += separator + 1;
            }
        }
        return seen;
    }

    private static readonly SearchValues<char> Base64UrlChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    // RFC 9110 tchar: a name followed by one of these is a longer name.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
