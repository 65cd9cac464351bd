using System.Globalization;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Console;

/// <summary>How a field is drawn and read.</summary>
internal enum FieldKind
{
    Text,
    Number,
    Checkbox,
    Select,
    Lines,
}

/// <summary>
/// One field of the site form. <see cref="Name"/> is the JSON name the API and <c>SiteValidator</c> use, so the
/// validator's errors land next to it. <see cref="Get"/> draws the stored value; <see cref="Set"/> applies the posted
/// one (a checkbox posts "on" or nothing, a list posts one item a line).
/// </summary>
internal sealed record FormField<T>(
    string Name,
    FieldKind Kind,
    Func<ConsoleStrings, string> Label,
    Func<T, string> Get,
    Func<T, string, T> Set,
    Func<ConsoleStrings, string>? Hint = null,
    Func<ConsoleStrings, IReadOnlyList<(string Value, string Text)>>? Options = null);

/// <summary>
/// The fields of the site form, in the order they are shown. A new member of <see cref="SiteDefinition"/> or
/// <see cref="CategoryDefinition"/> needs one line here (and its label in <see cref="ConsoleStrings"/>); members not
/// listed keep their stored value on save.
/// </summary>
internal static class SiteFormFields
{
    public static readonly IReadOnlyList<FormField<SiteDefinition>> Site =
    [
        new("displayName", FieldKind.Text, s => s.DisplayName, d => d.DisplayName, (d, v) => d with { DisplayName = v.Trim() }),
        new("regime", FieldKind.Select, s => s.Regime, d => Regime(d.Regime), (d, v) => d with { Regime = ParseRegime(v) },
            Options: s => [("opt-in", s.RegimeOptIn), ("opt-out", s.RegimeOptOut)]),
        new("honorDoNotTrack", FieldKind.Checkbox, s => s.HonorDoNotTrack, d => Check(d.HonorDoNotTrack),
            (d, v) => d with { HonorDoNotTrack = IsChecked(v) }),
        new("honorGlobalPrivacyControl", FieldKind.Checkbox, s => s.HonorGlobalPrivacyControl, d => Check(d.HonorGlobalPrivacyControl),
            (d, v) => d with { HonorGlobalPrivacyControl = IsChecked(v) }),
        new("consentLifetimeDays", FieldKind.Number, s => s.ConsentLifetimeDays, d => Number(d.ConsentLifetimeDays),
            (d, v) => d with { ConsentLifetimeDays = ParseNumber(v) }),
        new("refusalLifetimeDays", FieldKind.Number, s => s.RefusalLifetimeDays, d => d.RefusalLifetimeDays is { } days ? Number(days) : "",
            // Empty: the regime's minimum re-ask interval (365 days opt-out, 183 opt-in).
            (d, v) => d with { RefusalLifetimeDays = string.IsNullOrWhiteSpace(v) ? null : ParseNumber(v) },
            Hint: s => s.RefusalLifetimeDaysHint),
        new("policyUrl", FieldKind.Text, s => s.PolicyUrl, d => d.PolicyUrl ?? "", (d, v) => d with { PolicyUrl = Optional(v) }),
        new("homeUrl", FieldKind.Text, s => s.HomeUrl, d => d.HomeUrl ?? "", (d, v) => d with { HomeUrl = Optional(v) },
            Hint: s => s.HomeUrlHint),
        new("controller.legalName", FieldKind.Text, s => s.ControllerLegalName, d => d.Controller?.LegalName ?? "",
            (d, v) => WithController(d, c => c with { LegalName = Optional(v) }), Hint: s => s.ControllerLegalNameHint),
        new("controller.contact", FieldKind.Text, s => s.ControllerContact, d => d.Controller?.Contact ?? "",
            (d, v) => WithController(d, c => c with { Contact = Optional(v) }), Hint: s => s.ControllerContactHint),
        new("controller.privacyPolicyUrl", FieldKind.Text, s => s.ControllerPrivacyPolicyUrl, d => d.Controller?.PrivacyPolicyUrl ?? "",
            (d, v) => WithController(d, c => c with { PrivacyPolicyUrl = Optional(v) })),
        new("defaultLocale", FieldKind.Text, s => s.DefaultLocale, d => d.DefaultLocale, (d, v) => d with { DefaultLocale = v.Trim() },
            Hint: s => s.DefaultLocaleHint),
        new("cookieName", FieldKind.Text, s => s.CookieName, d => d.CookieName, (d, v) => d with { CookieName = v.Trim() }),
        new("cookieDomain", FieldKind.Text, s => s.CookieDomain, d => d.CookieDomain ?? "", (d, v) => d with { CookieDomain = Optional(v) },
            Hint: s => s.CookieDomainHint),
        new("allowedReturnHosts", FieldKind.Lines, s => s.AllowedReturnHosts, d => string.Join('\n', d.AllowedReturnHosts),
            (d, v) => d with { AllowedReturnHosts = Lines(v) }, Hint: s => s.OnePerLine),
    ];

    public static readonly IReadOnlyList<FormField<CategoryDefinition>> Category =
    [
        new("id", FieldKind.Text, s => s.CategoryId, c => c.Id, (c, v) => c with { Id = v.Trim() }, Hint: s => s.CategoryIdHint),
        new("required", FieldKind.Checkbox, s => s.Required, c => Check(c.Required), (c, v) => c with { Required = IsChecked(v) },
            Hint: s => s.RequiredHint),
        new("saleOrSharing", FieldKind.Checkbox, s => s.SaleOrSharing, c => Check(c.SaleOrSharing),
            (c, v) => c with { SaleOrSharing = IsChecked(v) }, Hint: s => s.SaleOrSharingHint),
        new("sensitive", FieldKind.Checkbox, s => s.Sensitive, c => Check(c.Sensitive),
            (c, v) => c with { Sensitive = IsChecked(v) }, Hint: s => s.SensitiveHint),
        new("cookies", FieldKind.Lines, s => s.Cookies, c => string.Join('\n', c.Cookies), (c, v) => c with { Cookies = Lines(v) },
            Hint: s => s.CookiesHint),
    ];

    public static bool IsChecked(string value) => value == "on";

    private static string Check(bool value) => value ? "on" : "";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Not a number: 0, which the validator refuses with its own message for the field.
    private static int ParseNumber(string value) =>
        int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0;

    private static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // All three empty: no controller at all, as the API stores a definition that leaves it out.
    private static SiteDefinition WithController(SiteDefinition definition, Func<ControllerDetails, ControllerDetails> change)
    {
        var controller = change(definition.Controller ?? new ControllerDetails());
        return definition with { Controller = controller == new ControllerDetails() ? null : controller };
    }

    private static List<string> Lines(string value) =>
        value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Regime(ConsentRegime regime) => regime == ConsentRegime.OptOut ? "opt-out" : "opt-in";

    // Anything else is not a regime: an undefined value, which the validator refuses.
    private static ConsentRegime ParseRegime(string value) => value switch
    {
        "opt-in" => ConsentRegime.OptIn,
        "opt-out" => ConsentRegime.OptOut,
        _ => (ConsentRegime)(-1),
    };
}
