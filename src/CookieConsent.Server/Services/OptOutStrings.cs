using CookieConsent.Pages;

namespace CookieConsent.Server.Services;

/// <summary>The opt-out page's texts: part of the built-in wording, so receipts can name the version shown.</summary>
internal static class OptOutStrings
{
    /// <summary>The texts for a locale chosen by <c>LocaleNegotiator</c> (English for anything else).</summary>
    public static ServiceOptOutStrings For(string locale) => BuiltInStrings.For(locale).ServiceOptOut!;
}
