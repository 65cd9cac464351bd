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
    public void Stylesheet_StylesEveryPartOfTheHostedPageLayout()
    {
        // Each element the hosted layout and the privacy status line emit has a rule; the footer's colour is then
        // checked for contrast by the test below like every other text colour.
        foreach (var selector in new[] { ".cc-page__header", ".cc-page__main", ".cc-page__nav", ".cc-page__footer", ".cc-privacy-status", ".cc-limit" })
        {
            Assert.MatchesRegex(new Regex(Regex.Escape(selector) + @"\s*[,{]"), Css, selector);
        }
        Assert.MatchesRegex(new Regex(@"\.cc-page__footer\s*\{[^}]*(?<![\w-])color:"), Css, "the footer sets its own text colour");
    }

    [TestMethod]
    public void Stylesheet_ReflowsOnNarrowScreens()
    {
        Assert.Contains("@media (max-width: 30rem)", Css);
        Assert.DoesNotMatchRegex(new Regex(@"(?<!max-|min-)width:\s*\d{3,}px"), Css, "no fixed pixel widths");
    }

    [TestMethod]
    public void Stylesheet_EveryTextColourMeetsContrastOnTheBackgroundItSitsOn()
    {
        // Parsed from the stylesheet the pages ship, custom properties resolved: a colour changed there is checked here.
        var rules = Regex.Replace(Css, @"/\*.*?\*/", "", RegexOptions.Singleline);
        var variables = Regex.Matches(rules, @"(--cc-[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.ToLowerInvariant());
        string Resolve(string value)
        {
            var v = value.Trim();
            var reference = Regex.Match(v, @"^var\((--cc-[\w-]+)\)$");
            return reference.Success ? variables[reference.Groups[1].Value] : v.ToLowerInvariant();
        }
        // Text without a background of its own sits on the page's two surfaces: the banner and the panel.
        var surfaces = new[] { variables["--cc-background"], variables["--cc-panel"] };
        var checkedPairs = 0;
        foreach (Match rule in Regex.Matches(rules, @"([^{}]+)\{([^{}]*)\}"))
        {
            var selector = rule.Groups[1].Value.Trim();
            var body = rule.Groups[2].Value;
            var color = Regex.Match(body, @"(?<![\w-])color\s*:\s*([^;]+);");
            if (!color.Success)
            {
                continue;
            }
            var foreground = Resolve(color.Groups[1].Value);
            var background = Regex.Match(body, @"(?<![\w-])background(?:-color)?\s*:\s*([^;]+);");
            var backgrounds = background.Success ? [Resolve(background.Groups[1].Value)] : surfaces;
            foreach (var back in backgrounds)
            {
                Assert.MatchesRegex(new Regex("^#[0-9a-f]{6}$"), foreground, $"{selector}: colour the test can read");
                Assert.MatchesRegex(new Regex("^#[0-9a-f]{6}$"), back, $"{selector}: background the test can read");
                Assert.IsGreaterThanOrEqualTo(4.5, Contrast(foreground, back), $"{selector}: {foreground} on {back}");
                checkedPairs++;
            }
        }
        Assert.IsGreaterThanOrEqualTo(10, checkedPairs, "the stylesheet's text colours were found");
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
