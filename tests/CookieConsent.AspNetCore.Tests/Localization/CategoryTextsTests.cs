using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Localization;

[TestClass]
public sealed class CategoryTextsTests
{
    [TestMethod]
    [DataRow("de", "en", "Statistik")]
    [DataRow("fr", "en", "Statistiques")]
    [DataRow("es", "en", "Analítica")]
    [DataRow("en", "de", "Analytics")]
    public void TextInTheVisitorsLanguage_IsUsed(string locale, string siteDefault, string expected)
    {
        Assert.AreEqual(expected, CategoryTexts.Resolve(TestSites.Analytics, locale, siteDefault).Name);
    }

    [TestMethod]
    public void MissingLocale_FallsBackToSiteDefault()
    {
        Assert.AreEqual("Unbedingt erforderlich", CategoryTexts.Resolve(TestSites.Necessary, "fr", "de").Name);
    }

    [TestMethod]
    public void MissingLocaleAndDefault_FallsBackToEnglish()
    {
        Assert.AreEqual("Marketing", CategoryTexts.Resolve(TestSites.Marketing, "de", "fr").Name);
    }

    [TestMethod]
    public void NoEnglishEither_UsesWhatTheSiteHas()
    {
        var category = new CategoryDefinition("x", false, false,
            new Dictionary<string, CategoryText> { ["it"] = new("Statistiche", "Conteggio") }, []);

        Assert.AreEqual("Statistiche", CategoryTexts.Resolve(category, "de", "en").Name);
    }

    [TestMethod]
    public void NoTextsAtAll_UsesTheId()
    {
        var category = new CategoryDefinition("ads", false, false, new Dictionary<string, CategoryText>(), []);

        Assert.AreEqual("ads", CategoryTexts.Resolve(category, "de", "en").Name);
    }

    [TestMethod]
    public void PreferencesPage_RendersCategoryTextsInTheChosenLocale()
    {
        var html = ConsentRenderer.Default.RenderPreferences(TestSites.View(locale: "de"));

        Assert.Contains("Statistik", html);
        Assert.Contains("Unbedingt erforderlich", html);
        Assert.Contains(">Marketing<", html);
        Assert.Contains("Cookie-Einstellungen speichern", html);
    }
}
