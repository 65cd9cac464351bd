using CookieConsent.AspNetCore.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CookieConsent.AspNetCore.Tests.Middleware;

/// <summary>
/// The consent cookie read in place from the Cookie header must be the value Request.Cookies reads, or nothing (then
/// Request.Cookies is asked): checked against ASP.NET Core's own parser.
/// </summary>
[TestClass]
public sealed class ConsentCookieHeaderTests
{
    private const string Name = "cc_consent";

    [TestMethod]
    [DataRow("cc_consent=AbC-_09", "AbC-_09")]
    [DataRow("a=1; cc_consent=AbC; b=2", "AbC")]
    [DataRow("a=1;cc_consent=AbC  ;b=2", "AbC")]
    [DataRow("  cc_consent=AbC", "AbC")]
    [DataRow("CC_Consent=AbC", "AbC")]
    [DataRow("cc_consent2=zzz; cc_consent=AbC; xcc_consent=yyy", "AbC")]
    public void PlainValue_IsFoundInPlace_AsRequestCookiesReadsIt(string header, string expected)
    {
        Assert.IsTrue(ConsentCookieHeader.TryFind(new StringValues(header), Name, out var at));
        Assert.AreEqual(expected, at.Of(new StringValues(header)).ToString());
        Assert.AreEqual(expected, RequestCookies(header));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("a=1; b=2")]
    [DataRow("cc_consent=")]
    [DataRow("cc_consent=\"AbC\"")]
    [DataRow("cc_consent=Ab%43")]
    [DataRow("cc_consent=AbC; cc_consent=XyZ")]
    [DataRow("cc_consent=AbC; CC_CONSENT=XyZ")]
    [DataRow("cc_consent =AbC")]
    [DataRow("cc_consent=AbC def")]
    [DataRow("cc_consent=AbC=")]
    public void AnythingButOnePlainValue_IsLeftToRequestCookies(string header)
    {
        Assert.IsFalse(ConsentCookieHeader.TryFind(new StringValues(header), Name, out _));
    }

    [TestMethod]
    public void ValueInASecondCookieHeader_IsFound_AndOneInEachIsLeftToRequestCookies()
    {
        // HTTP/2 may send each cookie in a header of its own.
        var split = new StringValues(["a=1", "cc_consent=AbC"]);
        Assert.IsTrue(ConsentCookieHeader.TryFind(split, Name, out var at));
        Assert.AreEqual("AbC", at.Of(split).ToString());
        Assert.AreEqual("AbC", RequestCookies(split));

        Assert.IsFalse(ConsentCookieHeader.TryFind(new StringValues(["cc_consent=AbC", "cc_consent=XyZ"]), Name, out _));
    }

    private static string? RequestCookies(StringValues header)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = header;
        return context.Request.Cookies[Name];
    }
}
