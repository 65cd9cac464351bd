using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Forms;

[TestClass]
public sealed class ReturnUrlsTests
{
    private const string Fallback = "https://shop.example/";
    private static readonly string[] Allowed = ["shop.example", "www.shop.example", "localhost:5001"];

    [TestMethod]
    [DataRow("//evil.example")]
    [DataRow("//evil.example/path")]
    [DataRow("///evil.example")]
    [DataRow("/\\evil.example")]
    [DataRow("\\\\evil.example")]
    [DataRow("\\/evil.example")]
    [DataRow("/\t/evil.example")]
    [DataRow("/\n/evil.example")]
    [DataRow(" //evil.example")]
    [DataRow("https:evil.example")]
    [DataRow("https:/evil.example")]
    [DataRow("http:\\\\evil.example")]
    [DataRow("https://evil.example")]
    [DataRow("https://evil.example/shop.example")]
    [DataRow("https://shop.example.evil.example/")]
    [DataRow("https://evil.example?shop.example")]
    [DataRow("https://shop.example@evil.example/")]
    [DataRow("https://user:pass@shop.example/")]
    [DataRow("https://shop.example\\@evil.example/")]
    [DataRow("javascript:alert(1)")]
    [DataRow("JavaScript:alert(1)")]
    [DataRow(" javascript:alert(1)")]
    [DataRow("java\tscript:alert(1)")]
    [DataRow("data:text/html,<script>alert(1)</script>")]
    [DataRow("vbscript:msgbox(1)")]
    [DataRow("ftp://shop.example/")]
    [DataRow("%2F%2Fevil.example")]
    [DataRow("/%2Fevil.example")]
    [DataRow("/%2F/evil.example")]
    [DataRow("%2f%2fevil.example")]
    [DataRow("/%5Cevil.example")]
    [DataRow("/%5cevil.example")]
    [DataRow("%5C%5Cevil.example")]
    [DataRow("/%09/evil.example")]
    [DataRow("%252F%252Fevil.example")]
    [DataRow("/%252F/evil.example")]
    [DataRow("/%25252F/evil.example")]
    [DataRow("%6A%61%76%61%73%63%72%69%70%74:alert(1)")]
    [DataRow("javascript%3Aalert(1)")]
    [DataRow("https%3A%2F%2Fevil.example")]
    [DataRow("evil.example")]
    [DataRow("?next=//evil.example")]
    [DataRow("/café")]
    [DataRow("/%E2%80%AEevil")]
    [DataRow("/%C2%A0/evil.example")]
    [DataRow("/%00/evil.example")]
    [DataRow("")]
    [DataRow(null)]
    public void HostileOrMalformed_FallsBackToSiteRoot(string? returnUrl)
    {
        Assert.AreEqual(Fallback, ReturnUrls.Validate(returnUrl, Allowed, Fallback));
        Assert.IsFalse(ReturnUrls.TryValidate(returnUrl, Allowed, out _));
    }

    [TestMethod]
    [DataRow("/")]
    [DataRow("/products")]
    [DataRow("/products?page=2&sort=price")]
    [DataRow("/products#reviews")]
    [DataRow("/search?q=caf%C3%A9")]
    [DataRow("/a/b/c/")]
    [DataRow("/weird:path")]
    public void LocalPath_IsKept(string returnUrl)
    {
        Assert.AreEqual(returnUrl, ReturnUrls.Validate(returnUrl, Allowed, Fallback));
        Assert.AreEqual(returnUrl, ReturnUrls.Validate(returnUrl, allowedHosts: null, Fallback));
    }

    [TestMethod]
    [DataRow("https://shop.example/", "https://shop.example/")]
    [DataRow("https://shop.example/basket?x=1", "https://shop.example/basket?x=1")]
    [DataRow("HTTPS://SHOP.EXAMPLE/basket", "https://shop.example/basket")]
    [DataRow("http://www.shop.example/", "http://www.shop.example/")]
    [DataRow("http://localhost:5001/cart", "http://localhost:5001/cart")]
    public void AllowedHost_IsKept(string returnUrl, string expected)
    {
        Assert.AreEqual(expected, ReturnUrls.Validate(returnUrl, Allowed, Fallback));
    }

    [TestMethod]
    [DataRow("http://localhost:5002/cart")]
    [DataRow("http://localhost/cart")]
    [DataRow("https://shop.example:8443/")]
    public void HostEntryWithPort_MustMatchThePort(string returnUrl)
    {
        Assert.AreEqual(Fallback, ReturnUrls.Validate(returnUrl, ["localhost:5001", "shop.example:443"], Fallback));
    }

    [TestMethod]
    public void AbsoluteUrl_WithoutAllowedHosts_FallsBack()
    {
        Assert.AreEqual("/", ReturnUrls.Validate("https://shop.example/", allowedHosts: null, "/"));
        Assert.AreEqual("/", ReturnUrls.Validate("https://shop.example/", [], "/"));
    }

    [TestMethod]
    public void OverlongUrl_FallsBack()
    {
        var url = "/" + new string('a', ReturnUrls.MaxLength);

        Assert.AreEqual("/", ReturnUrls.Validate(url, null, "/"));
    }
}
