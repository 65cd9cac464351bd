namespace CookieConsent.AspNetCore.Endpoints;

/// <summary>
/// Where a form may send the visitor back to: a path on this site, nothing else. Protocol-relative (<c>//x</c>),
/// backslash (<c>/\x</c>), scheme (<c>https:x</c>, <c>javascript:</c>), control characters and percent-encoded
/// versions of those all fall back to <c>/</c>.
/// </summary>
internal static class ReturnUrls
{
    private const int MaxLength = 2048;

    public static string ToLocal(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return "/";
        }
        // The raw value goes into the Location header: printable ASCII only (no spaces, tabs or line breaks).
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return "/";
            }
        }
        var candidate = value;
        // Check every decoding layer: whatever a browser or proxy might decode must still be a plain local path.
        for (var layer = 0; layer < 4; layer++)
        {
            if (!IsPlainLocalPath(candidate))
            {
                return "/";
            }
            var decoded = Uri.UnescapeDataString(candidate);
            if (decoded == candidate)
            {
                return value;
            }
            candidate = decoded;
        }
        return "/";
    }

    private static bool IsPlainLocalPath(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }
        if (path.Length > 1 && path[1] is '/' or '\\')
        {
            return false;
        }
        foreach (var c in path)
        {
            if (c == '\\' || char.IsControl(c))
            {
                return false;
            }
        }
        return true;
    }
}
