using System.Security.Cryptography;
using System.Text;

namespace CookieConsent.Pages;

/// <summary>
/// <c>cookieconsent.css</c>: client sites get it as this package's static web asset at <see cref="Path"/>; the consent
/// server serves the same file, embedded in this assembly, at the same path.
/// </summary>
public static class ConsentStylesheet
{
    /// <summary>Where the stylesheet is served.</summary>
    public const string Path = "/_content/CookieConsent.Pages/cookieconsent.css";

    private static readonly Lazy<(byte[] Content, string ETag)> Loaded = new(Load);

    /// <summary>The stylesheet's bytes (UTF-8).</summary>
    public static byte[] Content => Loaded.Value.Content;

    /// <summary>A strong ETag of the content.</summary>
    public static string ETag => Loaded.Value.ETag;

    private static (byte[], string) Load()
    {
        using var stream = typeof(ConsentStylesheet).Assembly.GetManifestResourceStream("CookieConsent.Pages.cookieconsent.css")
            ?? throw new InvalidOperationException("cookieconsent.css is not embedded in CookieConsent.Pages.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return (bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
    }

    /// <summary>The stylesheet as text (tests, diagnostics).</summary>
    public static string Text => Encoding.UTF8.GetString(Content);
}
