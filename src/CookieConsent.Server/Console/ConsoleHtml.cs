using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CookieConsent.Server.Console;

/// <summary>
/// Builds console markup: every value is HTML-encoded unless passed to <see cref="Raw"/>; form fields come with their
/// label, hint and validation errors (linked with <c>aria-describedby</c>, marked <c>aria-invalid</c>).
/// </summary>
internal sealed class ConsoleHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _html = new(4096);

    public static string Encode(string? value) => Encoder.Encode(value ?? "");

    /// <summary>The element id of the field named <paramref name="name"/> (<c>categories[0].id</c> → <c>f-categories-0-id</c>).</summary>
    public static string FieldId(string name)
    {
        var id = new StringBuilder("f-", name.Length + 2);
        foreach (var c in name)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }
        return id.ToString().Replace("--", "-", StringComparison.Ordinal).TrimEnd('-');
    }

    public ConsoleHtml Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public ConsoleHtml Text(string? value)
    {
        _html.Append(Encode(value));
        return this;
    }

    public ConsoleHtml Element(string tag, string? text, string? cssClass = null)
    {
        _html.Append('<').Append(tag);
        if (cssClass is not null)
        {
            _html.Append(" class=\"").Append(Encode(cssClass)).Append('"');
        }
        return Raw(">").Text(text).Raw("</").Raw(tag).Raw(">");
    }

    public ConsoleHtml Link(string href, string text, string? cssClass = null, bool current = false)
    {
        Raw("<a href=\"").Text(href).Raw("\"");
        if (cssClass is not null)
        {
            Raw(" class=\"").Text(cssClass).Raw("\"");
        }
        if (current)
        {
            Raw(" aria-current=\"page\"");
        }
        return Raw(">").Text(text).Raw("</a>");
    }

    /// <summary>A form posting to <paramref name="action"/> with the antiforgery field; close it with <see cref="EndForm"/>.</summary>
    public ConsoleHtml Form(string action, ConsoleRequest request, string? cssClass = null, bool noValidate = true)
    {
        Raw("<form method=\"post\" action=\"").Text(action).Raw("\"");
        if (cssClass is not null)
        {
            Raw(" class=\"").Text(cssClass).Raw("\"");
        }
        // Server-side validation is the one source of truth; the browser's own bubbles would only disagree with it.
        if (noValidate)
        {
            Raw(" novalidate");
        }
        var (name, value) = request.AntiforgeryField();
        return Raw("><input type=\"hidden\" name=\"").Text(name).Raw("\" value=\"").Text(value).Raw("\">");
    }

    public ConsoleHtml EndForm() => Raw("</form>");

    public ConsoleHtml Hidden(string name, string value) =>
        Raw("<input type=\"hidden\" name=\"").Text(name).Raw("\" value=\"").Text(value).Raw("\">");

    public ConsoleHtml Button(string text, string? name = null, string? value = null, bool secondary = false, bool warning = false)
    {
        Raw("<button type=\"submit\" class=\"cc-button");
        if (secondary)
        {
            Raw(" cc-button--secondary");
        }
        if (warning)
        {
            Raw(" cx-button--warning");
        }
        Raw("\"");
        if (name is not null)
        {
            Raw(" name=\"").Text(name).Raw("\" value=\"").Text(value ?? "").Raw("\"");
        }
        return Raw(">").Text(text).Raw("</button>");
    }

    /// <summary>A text-like input (<paramref name="type"/> text, number, date, password, url…).</summary>
    public ConsoleHtml Input(string name, string label, string? value, IReadOnlyList<string>? errors, string type = "text",
        string? hint = null, string? autocomplete = null, bool readOnly = false, string? inputMode = null)
    {
        var id = FieldId(name);
        Raw("<div class=\"cx-field").Raw(errors is { Count: > 0 } ? " cx-field--error" : "").Raw("\">");
        Raw("<label class=\"cx-label\" for=\"").Text(id).Raw("\">").Text(label).Raw("</label>");
        var describedBy = HintAndErrors(id, hint, errors);
        Raw("<input class=\"cx-input\" type=\"").Text(type).Raw("\" id=\"").Text(id).Raw("\" name=\"").Text(name)
            .Raw("\" value=\"").Text(value).Raw("\"");
        Described(describedBy, errors);
        if (autocomplete is not null)
        {
            Raw(" autocomplete=\"").Text(autocomplete).Raw("\"");
        }
        if (inputMode is not null)
        {
            Raw(" inputmode=\"").Text(inputMode).Raw("\"");
        }
        if (readOnly)
        {
            Raw(" readonly");
        }
        return Raw("></div>");
    }

    /// <summary>A textarea for a list, one item a line.</summary>
    public ConsoleHtml Lines(string name, string label, IEnumerable<string>? lines, IReadOnlyList<string>? errors, string? hint = null, int rows = 3)
    {
        var id = FieldId(name);
        Raw("<div class=\"cx-field").Raw(errors is { Count: > 0 } ? " cx-field--error" : "").Raw("\">");
        Raw("<label class=\"cx-label\" for=\"").Text(id).Raw("\">").Text(label).Raw("</label>");
        var describedBy = HintAndErrors(id, hint, errors);
        Raw("<textarea class=\"cx-input cx-textarea\" id=\"").Text(id).Raw("\" name=\"").Text(name).Raw("\" rows=\"")
            .Raw(rows.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("\"");
        Described(describedBy, errors);
        return Raw(">").Text(string.Join('\n', lines ?? [])).Raw("</textarea></div>");
    }

    public ConsoleHtml Checkbox(string name, string label, bool isChecked, IReadOnlyList<string>? errors, string? hint = null)
    {
        var id = FieldId(name);
        Raw("<div class=\"cx-field cx-check").Raw(errors is { Count: > 0 } ? " cx-field--error" : "").Raw("\">");
        Raw("<input class=\"cx-check__input\" type=\"checkbox\" id=\"").Text(id).Raw("\" name=\"").Text(name).Raw("\" value=\"on\"");
        var describedBy = new List<string>();
        if (hint is not null)
        {
            describedBy.Add(id + "-hint");
        }
        if (errors is { Count: > 0 })
        {
            describedBy.Add(id + "-error");
        }
        Described(describedBy, errors);
        if (isChecked)
        {
            Raw(" checked");
        }
        Raw("><label class=\"cx-check__label\" for=\"").Text(id).Raw("\">").Text(label).Raw("</label>");
        if (hint is not null)
        {
            Raw("<p class=\"cx-hint\" id=\"").Text(id).Raw("-hint\">").Text(hint).Raw("</p>");
        }
        ErrorText(id, errors);
        return Raw("</div>");
    }

    public ConsoleHtml Select(string name, string label, string value, IReadOnlyList<(string Value, string Text)> options,
        IReadOnlyList<string>? errors, string? hint = null)
    {
        var id = FieldId(name);
        Raw("<div class=\"cx-field").Raw(errors is { Count: > 0 } ? " cx-field--error" : "").Raw("\">");
        Raw("<label class=\"cx-label\" for=\"").Text(id).Raw("\">").Text(label).Raw("</label>");
        var describedBy = HintAndErrors(id, hint, errors);
        Raw("<select class=\"cx-input cx-select\" id=\"").Text(id).Raw("\" name=\"").Text(name).Raw("\"");
        Described(describedBy, errors);
        Raw(">");
        foreach (var (optionValue, text) in options)
        {
            Raw("<option value=\"").Text(optionValue).Raw("\"").Raw(optionValue == value ? " selected" : "").Raw(">")
                .Text(text).Raw("</option>");
        }
        return Raw("</select></div>");
    }

    /// <summary>Errors that belong to a group (a fieldset or the whole form) rather than one input.</summary>
    public ConsoleHtml GroupErrors(string name, IReadOnlyList<string>? errors) => ErrorText(FieldId(name), errors);

    public override string ToString() => _html.ToString();

    private List<string> HintAndErrors(string id, string? hint, IReadOnlyList<string>? errors)
    {
        var describedBy = new List<string>();
        if (hint is not null)
        {
            Raw("<p class=\"cx-hint\" id=\"").Text(id).Raw("-hint\">").Text(hint).Raw("</p>");
            describedBy.Add(id + "-hint");
        }
        if (errors is { Count: > 0 })
        {
            ErrorText(id, errors);
            describedBy.Add(id + "-error");
        }
        return describedBy;
    }

    private ConsoleHtml ErrorText(string id, IReadOnlyList<string>? errors)
    {
        if (errors is { Count: > 0 })
        {
            Raw("<p class=\"cx-error\" id=\"").Text(id).Raw("-error\">");
            foreach (var error in errors)
            {
                Raw("<span class=\"cx-error__line\">").Text(error).Raw("</span>");
            }
            Raw("</p>");
        }
        return this;
    }

    private void Described(List<string> describedBy, IReadOnlyList<string>? errors)
    {
        if (describedBy.Count > 0)
        {
            Raw(" aria-describedby=\"").Text(string.Join(' ', describedBy)).Raw("\"");
        }
        if (errors is { Count: > 0 })
        {
            Raw(" aria-invalid=\"true\"");
        }
    }
}
