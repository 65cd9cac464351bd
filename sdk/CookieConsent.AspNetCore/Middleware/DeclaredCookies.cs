using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>Which of the site's categories declare a cookie name (exact names, or prefixes with a trailing <c>*</c>).</summary>
internal static class DeclaredCookies
{
    public static bool Matches(string pattern, string cookieName) =>
        pattern.EndsWith('*')
            ? pattern.Length > 1 && cookieName.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, cookieName, StringComparison.Ordinal);

    /// <summary>
    /// The optional category that makes <paramref name="cookieName"/> unwanted: a declaring category that is denied,
    /// unless a required category declares it as well. <see langword="null"/> when the cookie may be set.
    /// </summary>
    public static CategoryDefinition? DeniedCategoryOf(SiteDefinition definition, string cookieName, Func<string, bool> isAllowed)
    {
        CategoryDefinition? denied = null;
        foreach (var category in definition.Categories)
        {
            foreach (var pattern in category.Cookies)
            {
                if (!Matches(pattern, cookieName))
                {
                    continue;
                }
                if (category.Required)
                {
                    return null;
                }
                if (denied is null && !isAllowed(category.Id))
                {
                    denied = category;
                }
                break;
            }
        }
        return denied;
    }
}
