using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

/// <summary>The controller named on receipts (legal name, contact, privacy policy) is edited on the site form.</summary>
[TestClass]
public sealed class SiteFormControllerTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    private TestApi Api => new(TestAssembly.Server.CreateClient(), TestContext);

    [TestMethod]
    public async Task ControllerDetails_SavedOnTheForm_AreWhatTheApiReturns_AndClearingThemRemovesTheController()
    {
        var site = await Api.CreateSiteAsync();
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);
        await console.SignInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");
        Assert.AreEqual("", edit.Document.QuerySelector("#f-controller-legalName")!.GetAttribute("value") ?? "", "no controller yet");

        var saved = await console.SubmitAsync(edit, "form.cx-form", new()
        {
            ["controller.legalName"] = "  Example Shop GmbH ",
            ["controller.contact"] = "privacy@shop.example",
            ["controller.privacyPolicyUrl"] = "https://shop.example/privacy",
        });

        Assert.AreEqual(HttpStatusCode.SeeOther, saved.Status, saved.Html);
        var stored = await FormSafetyTests.GetSiteAsync(Api, site);
        Assert.AreEqual(new ControllerDetails("Example Shop GmbH", "privacy@shop.example", "https://shop.example/privacy"), stored.Controller);
        Assert.AreEqual("Test shop", stored.DisplayName, "the rest of the site is unchanged");
        edit = await console.GetAsync($"/admin/sites/{site}");
        Assert.AreEqual("privacy@shop.example", edit.Document.QuerySelector("#f-controller-contact")!.GetAttribute("value"));

        var cleared = await console.SubmitAsync(edit, "form.cx-form", new()
        {
            ["controller.legalName"] = "",
            ["controller.contact"] = "",
            ["controller.privacyPolicyUrl"] = "",
        });

        Assert.AreEqual(HttpStatusCode.SeeOther, cleared.Status, cleared.Html);
        Assert.IsNull((await FormSafetyTests.GetSiteAsync(Api, site)).Controller);
    }

    [TestMethod]
    public async Task ControllerPolicyThatIsNotAnHttpUrl_IsRefusedNextToTheField_WithTheApisMessage_AndNothingStored()
    {
        var site = await Api.CreateSiteAsync();
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);
        await console.SignInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");

        var answer = await console.SubmitAsync(edit, "form.cx-form", new()
        {
            ["controller.legalName"] = "Example Shop GmbH",
            ["controller.privacyPolicyUrl"] = "javascript:alert(1)",
        });

        answer.AssertStatus(HttpStatusCode.BadRequest);
        using var api = await Api.PutSiteAsync(site, TestSites.Default() with
        {
            Controller = new ControllerDetails("Example Shop GmbH", PrivacyPolicyUrl: "javascript:alert(1)"),
        });
        Assert.AreEqual(HttpStatusCode.BadRequest, api.StatusCode);
        var problem = await api.Content.ReadAsStringAsync(Ct);
        var message = answer.Document.QuerySelector("#f-controller-privacyPolicyUrl-error")!.TextContent;
        Assert.IsFalse(string.IsNullOrEmpty(message));
        Assert.Contains(message, problem, "the form shows the API's own message");
        Assert.AreEqual("javascript:alert(1)", answer.Document.QuerySelector("#f-controller-privacyPolicyUrl")!.GetAttribute("value"),
            "the posted value stays in the field to correct it");
        Assert.IsNull((await FormSafetyTests.GetSiteAsync(Api, site)).Controller);
    }
}
