using CookieConsent.Client.Contracts;

namespace CookieConsent.Pages;

/// <summary>A category's name and description in the visitor's locale, with the same fallbacks as the built-in texts.</summary>
public static class CategoryTexts
{
    /// <summary>
    /// The text for <paramref name="locale"/> (exact tag, then same language), else the site's default locale,
    /// else English, else whatever the site provides, else the category id.
    /// </summary>
    public static CategoryText Resolve(CategoryDefinition category, string locale, string? siteDefaultLocale)
    {
        ArgumentNullException.ThrowIfNull(category);
        var texts = category.Texts;
        if (texts is null || texts.Count == 0)
        {
            return new CategoryText(category.Id, "");
        }
        return Find(texts, locale)
            ?? Find(texts, siteDefaultLocale)
            ?? Find(texts, BuiltInStrings.Fallback)
            ?? texts.OrderBy(t => t.Key, StringComparer.Ordinal).First().Value;
    }

    private static CategoryText? Find(IReadOnlyDictionary<string, CategoryText> texts, string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }
        CategoryText? sameLanguage = null;
        var language = LocaleNegotiator.PrimaryLanguage(locale);
        foreach (var (key, text) in texts)
        {
            if (string.Equals(key, locale, StringComparison.OrdinalIgnoreCase))
            {
                return text;
            }
            if (sameLanguage is null && language is not null && LocaleNegotiator.PrimaryLanguage(key) == language)
            {
                sameLanguage = text;
            }
        }
        return sameLanguage;
    }
}
