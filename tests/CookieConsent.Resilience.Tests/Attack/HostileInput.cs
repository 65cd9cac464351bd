using System.Text;

namespace CookieConsent.Resilience.Tests.Attack;

/// <summary>The hostile values the attack-surface tests send, in one table each.</summary>
internal static class HostileInput
{
    /// <summary>The one host the test site allows return URLs to.</summary>
    public const string AllowedHost = "shop.example";

    /// <summary>Return URLs that must never lead off the site (open redirect) nor into a header.</summary>
    public static readonly string[] ReturnUrls =
    [
        "//evil.example", "//evil.example/path", "///evil.example", "////evil.example", "/\\evil.example", "\\\\evil.example",
        "\\/evil.example", "/\\/evil.example", "https://evil.example", "http://evil.example/", "HTTPS://EVIL.EXAMPLE",
        "https:evil.example", "https:/evil.example", "https:\\\\evil.example", "https:///evil.example", "//shop.example@evil.example",
        "https://shop.example@evil.example", "https://shop.example:443@evil.example", "https://shop.example.evil.example/",
        "https://evil.example/shop.example", "https://evil.example#@shop.example", "https://evil.example?@shop.example",
        "https://evil.example\\@shop.example", "https://shop.example%2F@evil.example", "https://shop.example%40evil.example",
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<p>hi</p>", "vbscript:msgbox(1)",
        "/%2F/evil.example", "/%2f%2fevil.example", "%2F%2Fevil.example", "/%5Cevil.example", "%5C%5Cevil.example",
        "/%252F%252Fevil.example", "%252F%252Fevil.example", "/%25252F%25252Fevil.example", "/%09/evil.example",
        "/\t/evil.example", " //evil.example", "\t//evil.example", "/\r\n/evil.example", "/x\r\nSet-Cookie: injected=1",
        "/x%0d%0aSet-Cookie:%20injected=1", "/x\nLocation: https://evil.example", "/x%0aX-Injected:%20yes", "\0//evil.example",
        "/\u2028/evil.example", "https://shop.exаmple/", "https://ѕhop.example/", "//ⓔⓥⓘⓛ.example", "https://evil。example",
        "/ünïcödé", "https://shop.example/ünïcödé", "/" + new string('a', 5000), "https://shop.example/" + new string('a', 3000),
        "http://[::1]/", "http://127.0.0.1:1/", "http://0x7f000001/", "ftp://shop.example/", "https://shop.example./",
        "https://SHOP.example@evil.example", "http://evil.example:80\\@shop.example/", "/.//evil.example", "/..//evil.example",
        "https://%65vil.example", "http:%2F%2Fevil.example",
    ];

    /// <summary>Header values no browser should send and no server may echo: CR/LF, NUL, raw UTF-8, very long.</summary>
    public static readonly (string Name, byte[] Value)[] Headers =
    [
        ("DNT", Ascii("1\rX-Injected: yes")),
        ("DNT", Ascii("1\nX-Injected: yes")),
        ("Sec-GPC", Ascii("1\r\n\r\nHTTP/1.1 200 OK")),
        ("Accept-Language", Encoding.UTF8.GetBytes("de-ÄÖ, 日本語;q=0.9")),
        ("Accept-Language", Ascii(string.Join(",", Enumerable.Range(0, 900).Select(i => $"x{i}")))),
        ("User-Agent", Encoding.UTF8.GetBytes("Mozilla/5.0 😀 Firefox/1")),
        ("User-Agent", Ascii("Mozilla\0/5.0")),
        ("Cookie", Ascii("cc_consent=" + new string('A', 4000))),
        ("Cookie", Encoding.UTF8.GetBytes("cc_consent=ÿþ€; cc_notice=%0d%0aX-Injected:yes")),
        ("Cookie", Ascii("cc_notice=accepted\r\nX-Injected: yes")),
        ("X-Forwarded-For", Ascii("203.0.113.9\r\nX-Injected: yes")),
        ("Referer", Ascii("https://evil.example/\nLocation: https://evil.example/")),
        ("X-Folded", Ascii("a\r\n X-Injected: yes")),
        ("X-Long", Ascii(new string('a', 40_000))),
    ];

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);
}
