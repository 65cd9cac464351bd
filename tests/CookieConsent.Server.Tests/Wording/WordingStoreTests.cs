using CookieConsent.Core.Redis;
using CookieConsent.Pages;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Wording;

[TestClass]
public sealed class WordingStoreTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ARunningServer_StoresItsWording_SoEveryLocaleReadsBackWordForWord()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        await api.CreateSiteAsync();
        var database = TestAssembly.Database;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await database.SetContainsAsync(Keys.WordingVersions(), Pages.Wording.Version) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.CancellationToken);
        }

        var stored = (byte[]?)await database.StringGetAsync(Keys.Wording(Pages.Wording.Version));

        Assert.IsNotNull(stored, "the running version is listed and its strings are stored");
        Assert.AreEqual(Pages.Wording.Version, Pages.Wording.VersionOf(stored), "the version is the hash of the stored strings");
        var wording = Pages.Wording.Parse(stored);
        foreach (var locale in BuiltInStrings.Locales)
        {
            Assert.AreEqual(BuiltInStrings.For(locale), Pages.Wording.For(wording, locale), locale);
        }
    }

    [TestMethod]
    public void AnyChangedString_IsAnotherVersion()
    {
        var json = Pages.Wording.Json.ToArray();
        var text = System.Text.Encoding.UTF8.GetString(json);
        var changed = System.Text.Encoding.UTF8.GetBytes(text.Replace("Reject all", "Reject everything", StringComparison.Ordinal));

        Assert.AreNotEqual(text, System.Text.Encoding.UTF8.GetString(changed));
        Assert.AreNotEqual(Pages.Wording.Version, Pages.Wording.VersionOf(changed));
        Assert.AreEqual("Reject everything", Pages.Wording.For(Pages.Wording.Parse(changed), "en-GB").RejectAll);
    }
}
