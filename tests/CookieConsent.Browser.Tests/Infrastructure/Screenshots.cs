namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>
/// Saves a page's screenshot under the project's test results (<c>TestResults/screenshots/</c>); with
/// <c>COOKIECONSENT_UPDATE_DOCS_IMAGES=1</c> also into <c>docs/images/</c>, where the README shows it.
/// </summary>
internal static class Screenshots
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static async Task SaveAsync(IPage page, string name, bool fullPage, TestContext context)
    {
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage, Type = ScreenshotType.Png });
        CollectionAssert.AreEqual(PngSignature, png.Take(PngSignature.Length).ToArray(), $"{name} is a PNG");

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
    }
}
