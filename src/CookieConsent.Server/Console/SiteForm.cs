using System.Globalization;
using System.Text.RegularExpressions;
using CookieConsent.Pages;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Sites;

namespace CookieConsent.Server.Console;

/// <summary>A site definition read from the form, which categories' stored ids each row started from, and its errors.</summary>
internal sealed record SiteFormResult(SiteDefinition Definition, IReadOnlyList<string> Originals, Dictionary<string, string[]> Errors)
{
    /// <summary>What was posted, so a field in error shows what the operator typed (not what it was read as).</summary>
    public IFormCollection? Posted { get; init; }
}

/// <summary>
/// The one form for everything the API accepts about a site. Fields are named as in the API's JSON
/// (<c>categories[0].texts.de.name</c>), the definition it reads is checked by <see cref="SiteValidator"/> — the API's
/// own validator — and each error is drawn next to the field it names. There is always one empty category row to add
/// a category with (no script needed); rows can be removed with a checkbox.
/// </summary>
internal static partial class SiteForm
{
    public const string SiteIdField = "siteId";

    /// <summary>Reads the posted form on top of <paramref name="stored"/> (members the form lacks keep their value).</summary>
    public static SiteFormResult Read(IFormCollection form, SiteDefinition stored)
    {
        var definition = stored;
        foreach (var field in SiteFormFields.Site)
        {
            definition = field.Set(definition, form[field.Name].ToString());
        }
        var categories = new List<CategoryDefinition>();
        var originals = new List<string>();
        foreach (var row in Rows(form))
        {
            var prefix = $"categories[{row}].";
            var original = form[prefix + "original"].ToString();
            if (SiteFormFields.IsChecked(form[prefix + "remove"].ToString()))
            {
                continue;
            }
            var category = stored.Categories.FirstOrDefault(c => c.Id == original)
                ?? new CategoryDefinition("", false, false, new Dictionary<string, CategoryText>(), []);
            foreach (var field in SiteFormFields.Category)
            {
                category = field.Set(category, form[prefix + field.Name].ToString());
            }
            var texts = new Dictionary<string, CategoryText>(StringComparer.Ordinal);
            foreach (var locale in PostedLocales(form, row))
            {
                var name = form[$"{prefix}texts.{locale}.name"].ToString().Trim();
                var description = form[$"{prefix}texts.{locale}.description"].ToString().Trim();
                if (name.Length > 0 || description.Length > 0)
                {
                    texts[locale] = new CategoryText(name, description);
                }
            }
            category = category with { Texts = texts };
            // The empty row that is always there to add a category with: left empty, it adds nothing.
            if (original.Length == 0 && category.Id.Length == 0 && texts.Count == 0 && category.Cookies.Count == 0)
            {
                continue;
            }
            categories.Add(category);
            originals.Add(original);
        }
        definition = definition with { Categories = categories };
        return new SiteFormResult(definition, originals, Api.SiteEndpoints.Validate(definition)) { Posted = form };
    }

    /// <summary>The form for <paramref name="definition"/>, with <paramref name="errors"/> next to their fields and summed up first.</summary>
    public static string Render(ConsoleRequest request, string action, SiteDefinition definition, IReadOnlyList<string>? originals,
        IReadOnlyDictionary<string, string[]> errors, string? newSiteId, IFormCollection? posted = null, string? service = null)
    {
        var s = request.Strings;
        var html = new ConsoleHtml();
        ErrorSummary(html, s, errors);
        html.Form(action, request, "cx-form");
        html.Raw("<fieldset class=\"cx-fieldset\"><legend class=\"cx-legend\">").Text(s.SiteSettings).Raw("</legend>");
        if (newSiteId is not null)
        {
            html.Input(SiteIdField, s.SiteId, newSiteId, errors.GetValueOrDefault(SiteIdField), hint: s.SiteIdHint, autocomplete: "off");
        }
        foreach (var field in SiteFormFields.Site)
        {
            Field(html, s, field, field.Name, definition, errors, posted);
        }
        if (service is not null)
        {
            // Stored on the service, not the site: only an existing site (the edit form) can join one.
            html.Input(ServiceMembership.Field, s.ServiceMembership, service, errors.GetValueOrDefault(ServiceMembership.Field),
                hint: s.ServiceMembershipHint, autocomplete: "off");
        }
        html.Raw("</fieldset>");

        html.Raw("<h2 class=\"cx-subtitle\" id=\"categories\">").Text(s.Categories).Raw("</h2>")
            .GroupErrors("categories", errors.GetValueOrDefault("categories"));
        for (var i = 0; i <= definition.Categories.Count; i++)
        {
            var isNew = i == definition.Categories.Count;
            var category = isNew
                ? new CategoryDefinition("", false, false, new Dictionary<string, CategoryText>(), [])
                : definition.Categories[i];
            var original = isNew ? "" : originals?.ElementAtOrDefault(i) ?? category.Id;
            var prefix = $"categories[{i}]";
            html.Raw("<fieldset class=\"cx-fieldset cx-category\"><legend class=\"cx-legend\">")
                .Text(isNew ? s.NewCategory : ConsoleStrings.Format(s.CategoryLegend, category.Id.Length > 0 ? category.Id : "?"))
                .Raw("</legend>")
                .GroupErrors(prefix, errors.GetValueOrDefault(prefix))
                .Hidden(prefix + ".original", original);
            foreach (var field in SiteFormFields.Category)
            {
                Field(html, s, field, $"{prefix}.{field.Name}", category, errors, null);
            }
            html.Raw("<fieldset class=\"cx-fieldset cx-texts\"><legend class=\"cx-legend cx-legend--small\">").Text(s.Texts).Raw("</legend>")
                .GroupErrors(prefix + ".texts", errors.GetValueOrDefault(prefix + ".texts"));
            foreach (var locale in Locales(category))
            {
                var text = category.Texts.GetValueOrDefault(locale);
                var language = Language(locale);
                html.Raw("<div class=\"cx-text\">")
                    .Input($"{prefix}.texts.{locale}.name", ConsoleStrings.Format(s.TextName, language), text?.Name, null)
                    .Lines($"{prefix}.texts.{locale}.description", ConsoleStrings.Format(s.TextDescription, language),
                        text is null ? [] : [text.Description], null, rows: 2)
                    .Raw("</div>");
            }
            html.Raw("</fieldset>");
            if (!isNew)
            {
                html.Checkbox(prefix + ".remove", s.RemoveCategory, false, null);
            }
            html.Raw("</fieldset>");
        }
        html.GroupErrors("policyVersions", errors.GetValueOrDefault("policyVersions"));
        html.Raw("<div class=\"cc-actions\">").Button(newSiteId is null ? s.SaveSite : s.CreateSite).Raw("</div>").EndForm();
        return html.ToString();
    }

    private static void Field<T>(ConsoleHtml html, ConsoleStrings s, FormField<T> field, string name, T value,
        IReadOnlyDictionary<string, string[]> errors, IFormCollection? posted)
    {
        var label = field.Label(s);
        var hint = field.Hint?.Invoke(s);
        var fieldErrors = errors.GetValueOrDefault(name);
        var current = fieldErrors is not null && field.Kind is FieldKind.Number && posted is not null && posted.ContainsKey(name)
            ? posted[name].ToString()
            : field.Get(value);
        switch (field.Kind)
        {
            case FieldKind.Checkbox:
                html.Checkbox(name, label, SiteFormFields.IsChecked(current), fieldErrors, hint);
                break;
            case FieldKind.Select:
                html.Select(name, label, current, field.Options!(s), fieldErrors, hint);
                break;
            case FieldKind.Lines:
                html.Lines(name, label, current.Split('\n', StringSplitOptions.RemoveEmptyEntries), fieldErrors, hint);
                break;
            case FieldKind.Number:
                html.Input(name, label, current, fieldErrors, hint: hint, inputMode: "numeric");
                break;
            default:
                html.Input(name, label, current, fieldErrors, hint: hint);
                break;
        }
    }

    private static void ErrorSummary(ConsoleHtml html, ConsoleStrings s, IReadOnlyDictionary<string, string[]> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }
        html.Raw("<div class=\"cx-summary\" role=\"alert\" aria-labelledby=\"cx-summary-title\"><h2 class=\"cx-summary__title\" id=\"cx-summary-title\">")
            .Text(s.ErrorSummary).Raw("</h2><ul class=\"cx-summary__list\">");
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                html.Raw("<li>").Link("#" + ConsoleHtml.FieldId(field), $"{field}: {message}").Raw("</li>");
            }
        }
        html.Raw("</ul></div>");
    }

    private static IEnumerable<int> Rows(IFormCollection form) =>
        form.Keys.Select(key => RowKey().Match(key)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order();

    private static IEnumerable<string> PostedLocales(IFormCollection form, int row) =>
        form.Keys.Select(key => TextKey().Match(key))
            .Where(m => m.Success && m.Groups[1].Value == row.ToString(CultureInfo.InvariantCulture))
            .Select(m => m.Groups[2].Value).Distinct(StringComparer.Ordinal);

    // The console's own four languages first, then any other locale the category already has.
    private static IEnumerable<string> Locales(CategoryDefinition category) =>
        BuiltInStrings.Locales.Concat(category.Texts.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal);

    private static string Language(string locale)
    {
        try
        {
            return $"{CultureInfo.GetCultureInfo(locale).NativeName} ({locale})";
        }
        catch (CultureNotFoundException)
        {
            return locale;
        }
    }

    [GeneratedRegex(@"^categories\[(\d{1,3})\]\.original$")]
    private static partial Regex RowKey();

    [GeneratedRegex(@"^categories\[(\d{1,3})\]\.texts\.([A-Za-z0-9-]{1,35})\.(?:name|description)$")]
    private static partial Regex TextKey();
}
