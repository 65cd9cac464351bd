using System.Globalization;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Client.Decisions;

namespace CookieConsent.Server.Console;

/// <summary>
/// Policy versions: the list (in effect, current, or scheduled with a countdown), a form to schedule the next one with
/// the categories it changes — effective by default <see cref="NoticePeriodDays"/> days from today — and cancelling a
/// version before it takes effect.
/// </summary>
internal static class PolicyPage
{
    /// <summary>The notice period operators' policies promise before a change applies.</summary>
    public const int NoticePeriodDays = 14;

    private const string DateField = "effectiveFrom";
    private const string ChangedField = "changedCategories";

    public static async Task<IResult> Show(string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        return definition is null ? failure! : Page(request, site, definition, DefaultDate(request), [], new(), StatusCodes.Status200OK);
    }

    public static async Task<IResult> Schedule(string site, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var s = request.Strings;
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        if (await request.ReadValidFormAsync(cancellationToken) is not { } form)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, s.FormRejected, site);
        }
        var dateText = form[DateField].ToString().Trim();
        var changed = form[ChangedField].Select(c => c ?? "").ToList();
        var errors = new Dictionary<string, string[]>();
        var today = DateOnly.FromDateTime(request.Now.UtcDateTime);
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[DateField] = [s.DateInvalid];
        }
        else if (date < today)
        {
            errors[DateField] = [s.DatePast];
        }
        var version = definition.PolicyVersions.Max(v => v.Version) + 1;
        var effective = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var next = definition with
        {
            PolicyVersions = [.. definition.PolicyVersions, new PolicyVersion(version, effective, changed)],
        };
        if (errors.Count == 0)
        {
            // The API's own rules (distinct versions, known categories).
            foreach (var (field, messages) in SiteValidator.Validate(next))
            {
                errors[field == "policyVersions" ? ChangedField : field] = messages;
            }
        }
        if (errors.Count > 0)
        {
            return Page(request, site, definition, dateText, changed, errors, StatusCodes.Status400BadRequest);
        }
        try
        {
            await services.Sites.PutAsync(site, next, cancellationToken);
            await services.Audit.RecordAsync(site, request.Actor, AuditActions.PolicyScheduled,
                string.Create(CultureInfo.InvariantCulture,
                    $"version {version} from {effective:yyyy-MM-dd} changing {(changed.Count == 0 ? "no categories" : string.Join(", ", changed))}"),
                cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, s.StoreUnavailable, site);
        }
        return ConsoleLayout.SeeOther(http, request.SiteUrl(site, "/policy"));
    }

    public static async Task<IResult> Cancel(
        string site, int version, HttpContext http, [AsParameters] ConsoleServices services, CancellationToken cancellationToken)
    {
        var request = new ConsoleRequest(http, services);
        var s = request.Strings;
        var (definition, failure) = await SitesPage.LoadAsync(request, site, cancellationToken);
        if (definition is null)
        {
            return failure!;
        }
        if (await request.ReadValidFormAsync(cancellationToken) is null)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status400BadRequest, s.FormRejected, site);
        }
        var target = definition.PolicyVersions.FirstOrDefault(v => v.Version == version);
        // Once in effect a version is part of what visitors were shown: it can no longer be taken back.
        if (target is null || target.EffectiveFrom <= request.Now || definition.PolicyVersions.Count == 1)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status409Conflict, s.CannotCancel, site);
        }
        try
        {
            await services.Sites.PutAsync(site, definition with { PolicyVersions = definition.PolicyVersions.Where(v => v != target).ToList() },
                cancellationToken);
            await services.Audit.RecordAsync(site, request.Actor, AuditActions.PolicyCancelled,
                string.Create(CultureInfo.InvariantCulture, $"version {version} (was due {target.EffectiveFrom:yyyy-MM-dd})"), cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return ConsoleLayout.Error(request, StatusCodes.Status503ServiceUnavailable, s.StoreUnavailable, site);
        }
        return ConsoleLayout.SeeOther(http, request.SiteUrl(site, "/policy"));
    }

    /// <summary>"Takes effect in 13 days": whole days, rounded up, from now.</summary>
    public static string Countdown(ConsoleStrings s, DateTimeOffset effectiveFrom, DateTimeOffset now)
    {
        var days = (int)Math.Ceiling((effectiveFrom - now).TotalDays);
        return days <= 1 ? s.TakesEffectTomorrow : ConsoleStrings.Format(s.TakesEffectInDays, days);
    }

    private static string DefaultDate(ConsoleRequest request) =>
        DateOnly.FromDateTime(request.Now.UtcDateTime).AddDays(NoticePeriodDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IResult Page(ConsoleRequest request, string site, SiteDefinition definition, string date, IReadOnlyList<string> changed,
        Dictionary<string, string[]> errors, int statusCode)
    {
        var s = request.Strings;
        var now = request.Now;
        var current = ConsentDecider.CurrentPolicyVersion(definition, now);
        var html = new ConsoleHtml().Heading(s.PolicyVersions, site);
        html.Raw("<table class=\"cx-table\"><caption class=\"cx-visually-hidden\">").Text(s.PolicyVersions).Raw("</caption><thead><tr><th scope=\"col\">")
            .Text(s.Version).Raw("</th><th scope=\"col\">").Text(s.EffectiveFrom).Raw("</th><th scope=\"col\">").Text(s.ChangedCategories)
            .Raw("</th><th scope=\"col\">").Text(s.Status).Raw("</th><th scope=\"col\"><span class=\"cx-visually-hidden\">").Text(s.Actions)
            .Raw("</span></th></tr></thead><tbody>");
        foreach (var version in definition.PolicyVersions.OrderByDescending(v => v.Version))
        {
            var scheduled = version.EffectiveFrom > now;
            html.Raw("<tr><td>").Text(version.Version.ToString(CultureInfo.InvariantCulture)).Raw("</td><td>")
                .Text(ConsoleStrings.Time(version.EffectiveFrom)).Raw("</td><td>")
                .Text(version.ChangedCategories.Count == 0 ? "—" : string.Join(", ", version.ChangedCategories)).Raw("</td><td>")
                .Text(scheduled ? Countdown(s, version.EffectiveFrom, now) : version.Version == current ? s.Current : s.Superseded)
                .Raw("</td><td>");
            if (scheduled && definition.PolicyVersions.Count > 1)
            {
                html.Form(request.SiteUrl(site, $"/policy/{version.Version.ToString(CultureInfo.InvariantCulture)}/cancel"), request, "cx-inline-form")
                    .Button(ConsoleStrings.Format(s.CancelVersion, version.Version), secondary: true).EndForm();
            }
            html.Raw("</td></tr>");
        }
        html.Raw("</tbody></table>");

        html.Raw("<h2 class=\"cx-subtitle\">").Text(s.ScheduleVersion).Raw("</h2>").Element("p", s.ScheduleIntro);
        html.Form(request.SiteUrl(site, "/policy"), request, "cx-form")
            .Input(DateField, s.EffectiveDate, date, errors.GetValueOrDefault(DateField), type: "date",
                hint: ConsoleStrings.Format(s.EffectiveDateHint, NoticePeriodDays));
        html.Raw("<fieldset class=\"cx-fieldset\"");
        if (errors.ContainsKey(ChangedField))
        {
            html.Raw(" aria-describedby=\"").Text(ConsoleHtml.FieldId(ChangedField)).Raw("-error\"");
        }
        html.Raw("><legend class=\"cx-legend cx-legend--small\">").Text(s.ChangedCategories).Raw("</legend>")
            .Raw("<p class=\"cx-hint\">").Text(s.ChangedCategoriesHint).Raw("</p>")
            .GroupErrors(ChangedField, errors.GetValueOrDefault(ChangedField));
        foreach (var category in definition.Categories.Where(c => !c.Required))
        {
            var id = ConsoleHtml.FieldId(ChangedField + "-" + category.Id);
            html.Raw("<div class=\"cx-field cx-check\"><input class=\"cx-check__input\" type=\"checkbox\" id=\"").Text(id)
                .Raw("\" name=\"").Text(ChangedField).Raw("\" value=\"").Text(category.Id).Raw("\"")
                .Raw(changed.Contains(category.Id) ? " checked" : "").Raw("><label class=\"cx-check__label\" for=\"").Text(id).Raw("\">")
                .Text(category.Id).Raw("</label></div>");
        }
        html.Raw("</fieldset><div class=\"cc-actions\">").Button(s.Schedule).Raw("</div>").EndForm();
        return ConsoleLayout.Page(request, s.PolicyVersions, html.ToString(), statusCode, site, ConsoleTab.Policy);
    }
}
