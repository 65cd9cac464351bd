using CookieConsent.AspNetCore.Endpoints;
using CookieConsent.AspNetCore.Middleware;
using CookieConsent.AspNetCore.Verification;
using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CookieConsent.AspNetCore.Tests.Middleware;

/// <summary>The refusal cookie's renewal is rendered once per cached answer: it must be the line the SDK always wrote.</summary>
[TestClass]
public sealed class RefusalRenewalTests
{
    private static readonly VerifiedConsent Refusing = new(VerificationOutcome.Valid, "visitor",
        [new CategoryDecision("analytics", false, DecisionReason.VisitorRefusal), new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal)],
        DateTimeOffset.UtcNow.AddDays(180), NeedsChoice: false);

    [TestMethod]
    [DataRow(true, null)]
    [DataRow(false, "shop.example")]
    public void RenderedRenewal_IsTheLineResponseCookiesWrites(bool secure, string? domain)
    {
        var definition = TestSites.Shop() with { CookieDomain = domain };
        var decisions = new CookieDecisions(definition, Refusing, "AbC-_09", secure);
        var rendered = new DefaultHttpContext();
        decisions.Renew(rendered);
        var written = new DefaultHttpContext();
        ConsentCookieWriter.SetConsent(written.Response, new ConsentCookie(definition.CookieName, "AbC-_09", domain, "/",
            (int)ConsentEvaluator.RefusalCookieLifetime.TotalSeconds, HttpOnly: true, Secure: secure, SameSite: "Lax"), secure);

        Assert.IsTrue(decisions.HoldsRefusal);
        Assert.AreEqual(written.Response.Headers.SetCookie.ToString(), rendered.Response.Headers.SetCookie.ToString());
    }

    [TestMethod]
    public void ReplacedCookieFeature_IsGivenTheRenewal_SoACookiePolicyStillApplies()
    {
        var decisions = new CookieDecisions(TestSites.Shop(), Refusing, "AbC-_09", secure: true);
        var context = new DefaultHttpContext();
        var cookies = new RecordingCookies();
        context.Features.Set<IResponseCookiesFeature>(cookies);

        decisions.Renew(context);

        Assert.AreEqual(1, cookies.Appended.Count);
        Assert.AreEqual(("cc_consent", "AbC-_09"), (cookies.Appended[0].Key, cookies.Appended[0].Value));
        Assert.AreEqual(TimeSpan.FromDays(400), cookies.Appended[0].Options.MaxAge);
        Assert.AreEqual(0, context.Response.Headers.SetCookie.Count);
    }

    private sealed class RecordingCookies : IResponseCookiesFeature, IResponseCookies
    {
        public List<(string Key, string Value, CookieOptions Options)> Appended { get; } = [];

        public IResponseCookies Cookies => this;

        public void Append(string key, string value) => Append(key, value, new CookieOptions());

        public void Append(string key, string value, CookieOptions options) => Appended.Add((key, value, options));

        public void Delete(string key) => throw new NotSupportedException();

        public void Delete(string key, CookieOptions options) => throw new NotSupportedException();
    }
}
