using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

/// <summary>The site form's service membership: joined and left through the form, refused like the API refuses.</summary>
[TestClass]
public sealed class SiteFormServiceTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task JoiningAndLeavingAServiceOnTheSiteForm_ChangesWhatTheApiReturns_AndIsAudited()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var member = await api.CreateSiteAsync(hint: "form-svc-member");
        var site = await api.CreateSiteAsync(hint: "form-svc-site");
        var service = TestSites.UniqueId(TestContext, "form-svc");
        await PutServiceAsync(api, service, new ServiceDefinition("Analytics Co", [member], ["analytics"]));
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);
        await console.SignInAsync();

        var edit = await console.GetAsync($"/admin/sites/{site}");
        Assert.AreEqual("", edit.Document.QuerySelector("#f-service")!.GetAttribute("value") ?? "", "no service yet");
        var joined = await console.SubmitAsync(edit, "form.cx-form", new() { ["service"] = service });

        Assert.AreEqual(HttpStatusCode.SeeOther, joined.Status, joined.Html);
        CollectionAssert.AreEqual(new[] { member, site }, (await GetServiceAsync(api, service)).Sites.ToArray());
        edit = await console.GetAsync($"/admin/sites/{site}");
        Assert.AreEqual(service, edit.Document.QuerySelector("#f-service")!.GetAttribute("value"));
        var audit = await console.GetAsync($"/admin/sites/{site}/audit");
        StringAssert.Contains(audit.Html, $"service {service}: joined");

        var left = await console.SubmitAsync(edit, "form.cx-form", new() { ["service"] = "" });

        Assert.AreEqual(HttpStatusCode.SeeOther, left.Status, left.Html);
        CollectionAssert.AreEqual(new[] { member }, (await GetServiceAsync(api, service)).Sites.ToArray());
    }

    [TestMethod]
    public async Task AnUnknownService_OrLeavingAServiceWithoutSites_IsShownNextToTheField_AndNothingIsStored()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync(hint: "form-svc-bad");
        var service = TestSites.UniqueId(TestContext, "form-svc-only");
        await PutServiceAsync(api, service, new ServiceDefinition("Only one", [site], ["analytics"]));
        using var console = ConsoleClient.For(TestAssembly.Server, Ct);
        await console.SignInAsync();
        var edit = await console.GetAsync($"/admin/sites/{site}");

        var unknown = await console.SubmitAsync(edit, "form.cx-form", new() { ["service"] = "no-such-service-0", ["displayName"] = "Renamed" });
        var emptied = await console.SubmitAsync(edit, "form.cx-form", new() { ["service"] = "", ["displayName"] = "Renamed" });

        Assert.AreEqual(HttpStatusCode.BadRequest, unknown.Status);
        Assert.AreEqual("There is no such service.", unknown.ErrorFor("service")?.Trim());
        Assert.AreEqual(HttpStatusCode.BadRequest, emptied.Status);
        StringAssert.Contains(emptied.ErrorFor("service"), "Give 1 to 100 distinct site ids.", "the API's own service rule");
        Assert.AreNotEqual("Renamed", (await FormSafetyTests.GetSiteAsync(api, site)).DisplayName, "nothing stored");
        CollectionAssert.AreEqual(new[] { site }, (await GetServiceAsync(api, service)).Sites.ToArray());
    }

    private static async Task PutServiceAsync(TestApi api, string service, ServiceDefinition definition)
    {
        using var response = await api.SendAsync(HttpMethod.Put, $"/v1/services/{service}", ConsentServerFactory.AdminKey, JsonContent.Create(definition));
        await TestApi.Expect(response, HttpStatusCode.Created);
    }

    private async Task<ServiceDefinition> GetServiceAsync(TestApi api, string service)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/v1/services/{service}", ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ServiceResponse, Ct))!.Definition;
    }
}
