using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Localization;

[TestClass]
public sealed class LocaleNegotiatorTests
{
    [TestMethod]
    [DataRow("en", "en")]
    [DataRow("de", "de")]
    [DataRow("fr", "fr")]
    [DataRow("es", "es")]
    [DataRow("de-AT", "de")]
    [DataRow("fr-CA,fr;q=0.9", "fr")]
    [DataRow("es-419", "es")]
    [DataRow("DE-de", "de")]
    public void SupportedLanguage_IsChosen(string header, string expected)
    {
        Assert.AreEqual(expected, LocaleNegotiator.Choose(header, "en"));
    }

    [TestMethod]
    [DataRow("en;q=0.5, de;q=0.9, fr;q=0.7", "de")]
    [DataRow("fr;q=0.1, es;q=0.8", "es")]
    [DataRow("it, de;q=0.3, fr;q=0.2", "de")]
    [DataRow("es;q=0.9, de", "de")]
    [DataRow("en;q=0.8,fr;q=0.8", "en")]
    [DataRow("ja, zh;q=0.9, fr;q=0.1", "fr")]
    public void QualityValues_DecideTheOrder(string header, string expected)
    {
        Assert.AreEqual(expected, LocaleNegotiator.Choose(header, "en"));
    }

    [TestMethod]
    [DataRow("de;q=0, fr;q=0.5", "fr")]
    [DataRow("de;q=0", "en")]
    [DataRow("de;q=abc, fr;q=0.2", "fr")]
    public void ZeroOrMalformedQuality_IsNeverChosen(string header, string expected)
    {
        Assert.AreEqual(expected, LocaleNegotiator.Choose(header, "en"));
    }

    [TestMethod]
    [DataRow(null, "fr", "fr")]
    [DataRow("", "de", "de")]
    [DataRow("ja, it;q=0.8", "es", "es")]
    [DataRow("ja", "de-CH", "de")]
    [DataRow("ja", "it", "en")]
    [DataRow("ja", null, "en")]
    [DataRow(";;;,,,", "fr", "fr")]
    public void NoSupportedLanguage_FallsBackToSiteDefaultThenEnglish(string? header, string? siteDefault, string expected)
    {
        Assert.AreEqual(expected, LocaleNegotiator.Choose(header, siteDefault));
    }

    [TestMethod]
    [DataRow("*", "es", "es")]
    [DataRow("ja, *;q=0.5", "fr", "fr")]
    [DataRow("es;q=0, *", "es", "en")]
    public void Wildcard_MeansTheSiteDefaultUnlessRefused(string header, string siteDefault, string expected)
    {
        Assert.AreEqual(expected, LocaleNegotiator.Choose(header, siteDefault));
    }

    [TestMethod]
    public void VeryLongHeader_IsHandled()
    {
        var header = string.Join(",", Enumerable.Repeat("ja;q=0.9", 10_000)) + ",de";

        // Only the first ranges are read; the answer is the fallback, not a hang or an exception.
        Assert.AreEqual("fr", LocaleNegotiator.Choose(header, "fr"));
    }

    [TestMethod]
    [DataRow("en", "Accept all")]
    [DataRow("de", "Alle akzeptieren")]
    [DataRow("fr", "Tout accepter")]
    [DataRow("es", "Aceptar todas")]
    [DataRow("it", "Accept all")]
    public void BuiltInStrings_ExistForEveryLocale(string locale, string acceptAll)
    {
        Assert.AreEqual(acceptAll, BuiltInStrings.For(locale).AcceptAll);
    }

    [TestMethod]
    public void BuiltInStrings_AreCompleteInEveryLocale()
    {
        foreach (var locale in BuiltInStrings.Locales)
        {
            var strings = BuiltInStrings.For(locale);
            Assert.AreEqual(locale, strings.Locale);
            var optOut = strings.ServiceOptOut ?? throw new AssertFailedException($"{locale} has no opt-out page strings");
            Assert.AreEqual(locale, optOut.Locale);
            foreach (var property in typeof(ServiceOptOutStrings).GetProperties().Where(p => p.PropertyType == typeof(string) && p.Name != "Locale"))
            {
                var value = (string?)property.GetValue(optOut);
                Assert.IsFalse(string.IsNullOrWhiteSpace(value), $"{locale}.ServiceOptOut.{property.Name} is empty");
                // "Sites" is French too.
                if (locale != "en" && !(locale == "fr" && property.Name == "Covers"))
                {
                    Assert.AreNotEqual(property.GetValue(BuiltInStrings.For("en").ServiceOptOut), value, $"{locale}.ServiceOptOut.{property.Name} is not translated");
                }
            }
            foreach (var property in typeof(ConsentStrings).GetProperties().Where(p => p.PropertyType == typeof(string)))
            {
                var value = (string?)property.GetValue(strings);
                Assert.IsFalse(string.IsNullOrWhiteSpace(value), $"{locale}.{property.Name} is empty");
                if (locale != "en" && property.Name is not ("Locale" or "CookiesLabel" or "No"))
                {
                    Assert.AreNotEqual(property.GetValue(BuiltInStrings.For("en")), value, $"{locale}.{property.Name} is not translated");
                }
            }
            foreach (var format in new[] { strings.BannerTitle, strings.PreferencesIntro, strings.AllowLegend })
            {
                Assert.Contains("{0}", format, $"{locale}: '{format}' lost its placeholder");
            }
        }
    }
}
