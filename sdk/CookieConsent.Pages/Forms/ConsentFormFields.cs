namespace CookieConsent.Pages;

/// <summary>
/// Field names and values of the consent forms. The SDK's form endpoints and the consent server's hosted
/// pages read the same fields, so one markup serves both.
/// </summary>
public static class ConsentFormFields
{
    /// <summary>The submit button's name; its value is one of the decision values below.</summary>
    public const string Decision = "decision";

    /// <summary>Accept every optional category.</summary>
    public const string AcceptAll = "accept-all";

    /// <summary>Refuse every optional category.</summary>
    public const string RejectAll = "reject-all";

    /// <summary>Save the per-category radio choices.</summary>
    public const string Save = "save";

    /// <summary>
    /// Opt out of the sale or sharing of personal information (the "Do Not Sell or Share" page): refuses every
    /// sale-or-sharing category and keeps the visitor's other choices.
    /// </summary>
    public const string DoNotSell = "do-not-sell";

    /// <summary>
    /// Limit the use of sensitive personal information (CCPA regulations §7027): refuses every sensitive category and
    /// keeps the visitor's other choices. Also the receipt's control value for that choice.
    /// </summary>
    public const string Limit = "limit";

    /// <summary>Lift that limit: the sensitive categories that are not sale or sharing become allowed again.</summary>
    public const string LimitUndo = "limit-undo";

    /// <summary>Prefix of a category's radio group: <c>category-analytics</c> = <c>yes</c> | <c>no</c>.</summary>
    public const string CategoryPrefix = "category-";

    /// <summary>Radio value for allowing a category.</summary>
    public const string Yes = "yes";

    /// <summary>Radio value for refusing a category.</summary>
    public const string No = "no";

    /// <summary>
    /// Set to <see cref="Yes"/> when the visitor, told that their browser sends Global Privacy Control, confirms
    /// allowing sale or sharing anyway. Without it, a sale-or-sharing category stays refused while the signal is sent.
    /// </summary>
    public const string ConfirmOverGlobalPrivacyControl = "confirm-over-gpc";

    /// <summary>Where to send the visitor back (validated: local path or an allowed host).</summary>
    public const string ReturnUrl = "returnUrl";

    /// <summary>
    /// Short-lived cookie naming the choice just made (<c>accepted</c>, <c>rejected</c>, <c>saved</c>), so the next
    /// page shows a confirmation without script.
    /// </summary>
    public const string NoticeCookie = "cc_notice";
}
