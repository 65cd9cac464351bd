namespace CookieConsent.Pages;

/// <summary>The confirmation to show after a choice (the value of the <c>cc_notice</c> cookie).</summary>
public enum ConsentNotice
{
    /// <summary>No confirmation.</summary>
    None,

    /// <summary>The visitor accepted every optional category.</summary>
    Accepted,

    /// <summary>The visitor refused every optional category.</summary>
    Rejected,

    /// <summary>The visitor saved per-category choices.</summary>
    Saved,
}

/// <summary>Conversions between <see cref="ConsentNotice"/> and the <c>cc_notice</c> cookie value.</summary>
public static class ConsentNotices
{
    /// <summary>The cookie value for <paramref name="notice"/>, or <see langword="null"/> for <see cref="ConsentNotice.None"/>.</summary>
    public static string? ToCookieValue(ConsentNotice notice) => notice switch
    {
        ConsentNotice.Accepted => "accepted",
        ConsentNotice.Rejected => "rejected",
        ConsentNotice.Saved => "saved",
        _ => null,
    };

    /// <summary>The notice a cookie value names; anything unknown is <see cref="ConsentNotice.None"/>.</summary>
    public static ConsentNotice Parse(string? value) => value switch
    {
        "accepted" => ConsentNotice.Accepted,
        "rejected" => ConsentNotice.Rejected,
        "saved" => ConsentNotice.Saved,
        _ => ConsentNotice.None,
    };
}
