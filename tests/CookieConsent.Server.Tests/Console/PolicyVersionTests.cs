using System.Globalization;
using System.Net;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Console;

[TestClass]
public sealed class PolicyVersionTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task ScheduleForm_DefaultsToFourteenDaysFromToday_AndTheVersionIsListedWithACountdown()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = ConsoleTestHost.WithClock(clock);
        var api = new TestApi(factory.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync();
        using var console = await ConsoleTestHost.SignedInAsync(factory, Ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var page = await console.GetAsync($"/admin/sites/{site}/policy");
        Assert.AreEqual(today.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page.Field("effectiveFrom")!.GetAttribute("value"));
        var scheduled = await console.SubmitAsync(page, $"form[action='/admin/sites/{site}/policy']", new() { ["changedCategories"] = "analytics" });

        Assert.AreEqual(HttpStatusCode.SeeOther, scheduled.Status, scheduled.Html);
        var stored = await FormSafetyTests.GetSiteAsync(api, site);
        var version = stored.PolicyVersions.Single(v => v.Version == 2);
        Assert.AreEqual(new DateTimeOffset(today.AddDays(14).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), version.EffectiveFrom);
        CollectionAssert.AreEqual(new[] { "analytics" }, version.ChangedCategories.ToArray());
        var list = await console.GetAsync($"/admin/sites/{site}/policy");
        var row = list.Document.QuerySelectorAll("tbody tr").First(r => r.QuerySelector("td")!.TextContent == "2").TextContent;
        Assert.Contains("Takes effect in 14 days", row);

        clock.Advance(TimeSpan.FromDays(1));
        var later = await console.GetAsync($"/admin/sites/{site}/policy");
        // Signed in again if the 30-minute session ended with the day that passed.
        if (later.Status == HttpStatusCode.SeeOther)
        {
            await console.SignInAsync();
            later = await console.GetAsync($"/admin/sites/{site}/policy");
        }
        Assert.Contains("Takes effect in 13 days", later.Document.QuerySelector("tbody tr")!.TextContent);
        var audit = await console.GetAsync($"/admin/sites/{site}/audit");
        Assert.Contains("policy.scheduled", audit.Document.QuerySelector("tbody tr")!.TextContent);
    }

    [TestMethod]
    public async Task AScheduledVersion_CanBeCancelledBeforeItTakesEffect_ButAnEffectiveOneCannot()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync();
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var page = await console.GetAsync($"/admin/sites/{site}/policy");
        await console.SubmitAsync(page, $"form[action='/admin/sites/{site}/policy']");
        var list = await console.GetAsync($"/admin/sites/{site}/policy");
        Assert.IsNull(list.Document.QuerySelector($"form[action='/admin/sites/{site}/policy/1/cancel']"), "version 1 is in effect");

        var cancelled = await console.SubmitAsync(list, $"form[action='/admin/sites/{site}/policy/2/cancel']");
        var refused = await console.PostAsync($"/admin/sites/{site}/policy/1/cancel",
            ConsoleClient.Fields(list.Document.QuerySelector($"form[action='/admin/sites/{site}/policy']")!));

        Assert.AreEqual(HttpStatusCode.SeeOther, cancelled.Status);
        refused.AssertStatus(HttpStatusCode.Conflict);
        var stored = await FormSafetyTests.GetSiteAsync(api, site);
        Assert.AreEqual(1, stored.PolicyVersions.Single().Version);
        var audit = await console.GetAsync($"/admin/sites/{site}/audit");
        Assert.Contains("policy.cancelled", audit.Document.QuerySelector("tbody tr")!.TextContent);
    }

    [TestMethod]
    public async Task ADateInThePastOrAnUnknownCategory_IsRefusedNextToItsField_AndNothingIsScheduled()
    {
        var api = new TestApi(TestAssembly.Server.CreateClient(), TestContext);
        var site = await api.CreateSiteAsync();
        using var console = await ConsoleTestHost.SignedInAsync(TestAssembly.Server, Ct);
        var page = await console.GetAsync($"/admin/sites/{site}/policy");
        var form = $"form[action='/admin/sites/{site}/policy']";

        var past = await console.SubmitAsync(page, form, new() { ["effectiveFrom"] = "2000-01-01" });
        var garbage = await console.SubmitAsync(page, form, new() { ["effectiveFrom"] = "next week" });
        var unknown = await console.SubmitAsync(page, form, new() { ["changedCategories"] = "no-such-category" });

        past.AssertStatus(HttpStatusCode.BadRequest);
        Assert.AreEqual("Choose today or a later date.", past.ErrorFor("effectiveFrom"));
        Assert.AreEqual("Enter a date as YYYY-MM-DD.", garbage.ErrorFor("effectiveFrom"));
        Assert.Contains("names a category the site does not have", unknown.ErrorFor("changedCategories")!);
        Assert.HasCount(1, (await FormSafetyTests.GetSiteAsync(api, site)).PolicyVersions);
    }
}
