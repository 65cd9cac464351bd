using System.Globalization;

namespace CookieConsent.Pages;

/// <summary>
/// Picks the locale of the consent texts from <c>Accept-Language</c> (RFC 9110 §12.5.4, quality values honoured),
/// falling back to the site's default locale, then English.
/// </summary>
public static class LocaleNegotiator
{
    // A browser sends a handful of ranges; anything longer is not worth parsing in full.
    private const int MaxRanges = 32;

    /// <summary>The supported locale the visitor prefers most, else the site's default if supported, else <c>en</c>.</summary>
    public static string Choose(string? acceptLanguage, string? siteDefaultLocale)
    {
        var fallback = Supported(siteDefaultLocale) ?? BuiltInStrings.Fallback;
        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return fallback;
        }

        var ranges = Parse(acceptLanguage);
        // Explicitly refused languages (q=0) are not chosen, even through "*".
        var refused = ranges.Where(r => r.Quality <= 0).Select(r => r.Language).ToHashSet(StringComparer.Ordinal);
        foreach (var range in ranges.Where(r => r.Quality > 0).OrderByDescending(r => r.Quality))
        {
            if (range.Language == "*")
            {
                if (!refused.Contains(fallback))
                {
                    return fallback;
                }
                var other = BuiltInStrings.Locales.FirstOrDefault(l => !refused.Contains(l));
                if (other is not null)
                {
                    return other;
                }
                continue;
            }
            if (Supported(range.Language) is { } locale && !refused.Contains(locale))
            {
                return locale;
            }
        }
        return fallback;
    }

    /// <summary>The primary language subtag, lower-case (<c>de-AT</c> → <c>de</c>), or <see langword="null"/>.</summary>
    public static string? PrimaryLanguage(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }
        var span = tag.AsSpan().Trim();
        var dash = span.IndexOfAny('-', '_');
        if (dash >= 0)
        {
            span = span[..dash];
        }
        return span.Length is >= 1 and <= 8 ? span.ToString().ToLowerInvariant() : null;
    }

    private static string? Supported(string? tag)
    {
        var language = PrimaryLanguage(tag);
        return language is not null && BuiltInStrings.Locales.Contains(language) ? language : null;
    }

    private static List<(string Language, double Quality)> Parse(string header)
    {
        var result = new List<(string, double)>();
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (result.Count == MaxRanges)
            {
                break;
            }
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            var tag = pieces[0];
            if (tag.Length == 0)
            {
                continue;
            }
            var quality = 1.0;
            foreach (var parameter in pieces.Skip(1))
            {
                if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase))
                {
                    // A malformed weight makes the range unusable rather than preferred.
                    quality = double.TryParse(parameter.AsSpan(2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q)
                        && q is >= 0 and <= 1 ? q : 0;
                }
            }
            var language = tag == "*" ? "*" : PrimaryLanguage(tag);
            if (language is not null)
            {
                result.Add((language, quality));
            }
        }
        return result;
    }
}
