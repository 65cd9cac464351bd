using System.Text.RegularExpressions;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Rendering;

[TestClass]
public sealed class StylesheetTests
{
    private static readonly string Css = ConsentStylesheet.Text;

    [TestMethod]
    public void Stylesheet_IsEmbeddedAndIsTheStaticAsset()
    {
        var staticAsset = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "sdk", "CookieConsent.Pages", "wwwroot", "cookieconsent.css");

        Assert.AreEqual(File.ReadAllText(staticAsset), Css, "the server serves the very file client sites get");
        // Where the Razor SDK serves a package's wwwroot: the path the server serves its embedded copy at must match it.
        var staticWebAssetPath = $"/_content/{typeof(ConsentStylesheet).Assembly.GetName().Name}/cookieconsent.css";
        Assert.AreEqual(ConsentStylesheet.Path, staticWebAssetPath, "the constant is where static web assets put the file");
    }

    [TestMethod]
    public void Stylesheet_LoadsNothingFromElsewhere()
    {
        Assert.DoesNotContain("@import", Css);
        Assert.DoesNotContain("@font-face", Css);
        Assert.DoesNotContain("url(", Css);
        Assert.DoesNotContain("expression(", Css);
    }

    [TestMethod]
    public void Stylesheet_HasVisibleFocusForEveryControl()
    {
        foreach (var selector in new[] { ".cc-button:focus-visible", ".cc-link:focus-visible", ".cc-radio__input:focus-visible" })
        {
            Assert.Contains(selector, Css);
        }
        Assert.MatchesRegex(new Regex(@":focus-visible\s*\{[^}]*outline:\s*3px solid"), Css);
    }

    [TestMethod]
    public void Stylesheet_ButtonsShareOneStyle()
    {
        // Accept and reject both use .cc-button alone; no modifier may single one of them out.
        var rules = Regex.Replace(Css, @"/\*.*?\*/", "", RegexOptions.Singleline);
        Assert.DoesNotMatchRegex(new Regex(@"\[value=|accept|reject", RegexOptions.IgnoreCase), rules);
    }

    [TestMethod]
    public void Stylesheet_ReflowsOnNarrowScreens()
    {
        Assert.Contains("@media (max-width: 30rem)", Css);
        Assert.DoesNotMatchRegex(new Regex(@"(?<!max-|min-)width:\s*\d{3,}px"), Css, "no fixed pixel widths");
    }

    [TestMethod]
    public void Stylesheet_DeclaredColoursMeetContrast()
    {
        // Text colours against the two backgrounds they sit on.
        var foregrounds = new[] { "#0b0c0c", "#505a5f", "#1a4d8f", "#0b3b70", "#005a30", "#942514" };
        foreach (var foreground in foregrounds)
        {
            Assert.Contains(foreground, Css);
            foreach (var background in new[] { "#ffffff", "#f3f2f1" })
            {
                Assert.IsGreaterThanOrEqualTo(4.5, Contrast(foreground, background), $"{foreground} on {background}");
            }
        }
        Assert.IsGreaterThanOrEqualTo(4.5, Contrast("#ffffff", "#1a4d8f"), "button text");
        Assert.IsGreaterThanOrEqualTo(4.5, Contrast("#ffffff", "#0b3b70"), "hovered button text");
    }

    private static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = Convert.ToInt32(hex.Substring(offset, 2), 16) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
    }
}
