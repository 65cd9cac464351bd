using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>Which of the site's categories declare a cookie name (exact names, or prefixes with a trailing <c>*</c>).</summary>
internal static class DeclaredCookies
{
    public static bool Matches(string pattern, string cookieName) => Matches(pattern, cookieName.AsSpan());

    public static bool Matches(string pattern, ReadOnlySpan<char> cookieName) =>
        pattern.EndsWith('*')
            ? pattern.Length > 1 && cookieName.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : cookieName.SequenceEqual(pattern);

    /// <summary>
    /// The optional category that makes <paramref name="cookieName"/> unwanted: a declaring category that is denied,
    /// unless a required category declares it as well. <see langword="null"/> when the cookie may be set.
    /// </summary>
    public static CategoryDefinition? DeniedCategoryOf(SiteDefinition definition, string cookieName, Func<string, bool> isAllowed)
    {
        ArgumentNullException.ThrowIfNull(isAllowed);
        return DeniedCategoryOf(definition, cookieName.AsSpan(), isAllowed, static (isAllowed, category) => isAllowed(category));
    }

    /// <summary>
    /// <see cref="DeniedCategoryOf(SiteDefinition, string, Func{string, bool})"/> for a name inside a header, asking
    /// <paramref name="isAllowed"/> with <paramref name="state"/> (no closure, no copy of the name).
    /// </summary>
    public static CategoryDefinition? DeniedCategoryOf<TState>(
        SiteDefinition definition, ReadOnlySpan<char> cookieName, TState state, Func<TState, string, bool> isAllowed)
    {
        CategoryDefinition? denied = null;
        var categories = definition.Categories;
        for (var c = 0; c < categories.Count; c++)
        {
            var category = categories[c];
            var patterns = category.Cookies;
            for (var p = 0; p < patterns.Count; p++)
            {
                var pattern = patterns[p];
                if (!Matches(pattern, cookieName))
                {
                    continue;
                }
                if (category.Required)
                {
                    return null;
                }
                if (denied is null && !isAllowed(state, category.Id))
                {
                    denied = category;
                }
                break;
            }
        }
        return denied;
    }
}
