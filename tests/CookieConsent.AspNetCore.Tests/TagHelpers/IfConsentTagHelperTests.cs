using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Tests.TagHelpers;

[TestClass]
public sealed class IfConsentTagHelperTests
{
    public TestContext TestContext { get; set; } = null!;

    private async Task<string> GetAsync(IConsentFeature? feature, string path = "/", string? probe = null)
    {
        await using var host = await TagHelperHost.StartAsync(_ => feature, TestContext.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (probe is not null)
        {
            request.Headers.Add("X-Probe", probe);
        }
        var response = await host.Client.SendAsync(request, TestContext.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task NoConsent_ContentIsNotSent()
    {
        var html = await GetAsync(new TestConsentFeature());

        Assert.DoesNotContain("analytics snippet", html);
        Assert.DoesNotContain("marketing pixel", html);
        Assert.DoesNotContain("if-consent", html);
    }

    [TestMethod]
    public async Task AllowedCategory_ContentIsSentWithoutTheWrapper()
    {
        var site = TestSites.Site();
        var html = await GetAsync(new TestConsentFeature
        {
            NeedsChoice = false,
            Decisions = TestSites.Chosen(site, ("analytics", true), ("marketing", false)),
        });

        Assert.Contains("<p id=\"analytics-snippet\">analytics snippet</p>", html);
        Assert.DoesNotContain("marketing pixel", html);
        Assert.DoesNotContain("<if-consent", html);
    }

    [TestMethod]
    public async Task AllAccepted_BothSnippetsAreSent()
    {
        var site = TestSites.Site();
        var html = await GetAsync(new TestConsentFeature
        {
            NeedsChoice = false,
            Decisions = TestSites.Chosen(site, ("analytics", true), ("marketing", true)),
        });

        Assert.Contains("analytics snippet", html);
        Assert.Contains("marketing pixel", html);
    }

    [TestMethod]
    public async Task NoConsentFeature_ContentIsNotSent()
    {
        var html = await GetAsync(feature: null);

        Assert.DoesNotContain("analytics snippet", html);
    }

    [TestMethod]
    public async Task DeniedBySignal_ContentIsNotSent()
    {
        var html = await GetAsync(new TestConsentFeature
        {
            NeedsChoice = false,
            Signals = new ConsentSignals(true, false),
            Decisions =
            [
                new("necessary", true, DecisionReason.Required),
                new("analytics", false, DecisionReason.DoNotTrack),
                new("marketing", false, DecisionReason.DoNotTrack),
            ],
        });

        Assert.DoesNotContain("analytics snippet", html);
    }

    [TestMethod]
    public async Task NoConsent_ContentIsNotEvenExecuted()
    {
        var denied = Guid.NewGuid().ToString("N");
        var allowed = Guid.NewGuid().ToString("N");
        var site = TestSites.Site();

        var deniedHtml = await GetAsync(new TestConsentFeature(), "/Probe", denied);
        var allowedHtml = await GetAsync(new TestConsentFeature
        {
            NeedsChoice = false,
            Decisions = TestSites.Chosen(site, ("analytics", true), ("marketing", false)),
        }, "/Probe", allowed);

        Assert.DoesNotContain("analytics snippet", deniedHtml);
        Assert.AreEqual(0, ChildContentProbe.Count(denied));
        Assert.Contains("analytics snippet", allowedHtml);
        Assert.AreEqual(1, ChildContentProbe.Count(allowed));
    }
}
