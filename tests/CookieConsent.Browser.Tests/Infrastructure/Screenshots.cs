namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>
/// Saves a page's screenshot under the project's test results (<c>TestResults/screenshots/</c>); with
/// <c>COOKIECONSENT_UPDATE_DOCS_IMAGES=1</c> also into <c>docs/images/</c>, where the README shows it.
/// </summary>
internal static class Screenshots
{
    /// <summary>
    /// Takes, checks and saves the screenshot: a PNG as wide as the viewport, exactly as tall (or, for a full page, at
    /// least as tall), that shows more than one flat colour. Returns it decoded, so callers can compare pages.
    /// </summary>
    public static async Task<PngImage> SaveAsync(IPage page, string name, bool fullPage, TestContext context)
    {
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage, Type = ScreenshotType.Png });
        var image = PngImage.Decode(png);
        var viewport = page.ViewportSize ?? throw new AssertFailedException("The browser contexts set a viewport.");
        Assert.AreEqual(viewport.Width, image.Width, $"{name}: width");
        if (fullPage)
        {
            Assert.IsGreaterThanOrEqualTo(viewport.Height, image.Height, $"{name}: a full page is at least the viewport's height");
        }
        else
        {
            Assert.AreEqual(viewport.Height, image.Height, $"{name}: height");
        }
        // Text, buttons and borders on a background: a blank or unstyled-error page would be one or two colours.
        Assert.IsGreaterThan(8, image.DistinctColours(), $"{name} shows more than a flat background");

        // Next to the TRX files of `dotnet test` (the project's TestResults folder), where CI collects test output.
        var directory = Path.Combine(Paths.TestProject, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, name + ".png"), png, context.CancellationToken);
        context.WriteLine($"{name}: {Path.Combine(directory, name + ".png")}");

        if (Environment.GetEnvironmentVariable("COOKIECONSENT_UPDATE_DOCS_IMAGES") == "1")
        {
            var docs = Path.Combine(Paths.RepositoryRoot, "docs", "images");
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, name + ".png"), png, context.CancellationToken);
        }
        return image;
    }
}
