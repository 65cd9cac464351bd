using CookieConsent.Client.Contracts;

namespace CookieConsent.Core.Sites;

/// <summary>Checks a site definition; returns validation errors by field (empty when valid).</summary>
public static class SiteValidator
{
    /// <summary>Longest consent lifetime allowed (13 months, the common regulator guidance).</summary>
    public const int MaxLifetimeDays = 395;

    /// <summary>Longest re-ask interval after a refusal (5 years).</summary>
    public const int MaxReAskDays = 5 * 365;

    /// <summary>Validates <paramref name="definition"/>.</summary>
    public static Dictionary<string, string[]> Validate(SiteDefinition? definition)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        if (definition is null)
        {
            return new() { ["body"] = ["A site definition is required."] };
        }
        if (string.IsNullOrWhiteSpace(definition.DisplayName) || definition.DisplayName.Length > 200)
        {
            Add("displayName", "Give a display name of 1 to 200 characters.");
        }
        if (definition.Categories is null || definition.Categories.Count == 0)
        {
            Add("categories", "Give at least one category.");
        }
        else
        {
            if (definition.Categories.Count > Client.Tokens.ConsentTokenPayload.MaxCategories)
            {
                Add("categories", $"A site has at most {Client.Tokens.ConsentTokenPayload.MaxCategories} categories.");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < definition.Categories.Count; i++)
            {
                var category = definition.Categories[i];
                var field = $"categories[{i}]";
                if (category is null || !ConsentIds.IsValidCategory(category.Id))
                {
                    Add(field + ".id", "A category id is 1 to 32 of a-z, 0-9 and '-'.");
                    continue;
                }
                if (!seen.Add(category.Id))
                {
                    Add(field + ".id", $"Category '{category.Id}' appears twice.");
                }
                if (category.Required && category.SaleOrSharing)
                {
                    Add(field, "A required category cannot be sale-or-sharing: the visitor must be able to refuse it.");
                }
                if (category.Required && category.Sensitive)
                {
                    Add(field, "A required category cannot use sensitive personal information: the visitor must be able to limit it.");
                }
                if (category.Texts is null || category.Texts.Count == 0)
                {
                    Add(field + ".texts", "Give the category's name and description in at least one locale.");
                }
                if (category.Cookies is null || category.Cookies.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 128))
                {
                    Add(field + ".cookies", "Give a list of cookie names (a trailing '*' makes a prefix).");
                }
            }
        }
        if (definition.PolicyVersions is null || definition.PolicyVersions.Count == 0)
        {
            Add("policyVersions", "Give at least one policy version.");
        }
        else
        {
            var versions = new HashSet<int>();
            foreach (var version in definition.PolicyVersions)
            {
                if (version is null || version.Version < 1 || !versions.Add(version.Version))
                {
                    Add("policyVersions", "Policy versions are distinct positive integers.");
                }
                else if (version.ChangedCategories is null
                    || version.ChangedCategories.Any(c => definition.Categories?.Any(k => k?.Id == c) != true))
                {
                    Add("policyVersions", $"Version {version.Version} names a category the site does not have.");
                }
            }
        }
        if (definition.AllowedReturnHosts is null
            || definition.AllowedReturnHosts.Any(h => string.IsNullOrWhiteSpace(h) || Uri.CheckHostName(h) == UriHostNameType.Unknown))
        {
            Add("allowedReturnHosts", "Give a list of host names.");
        }
        if (definition.ConsentLifetimeDays is < 1 or > MaxLifetimeDays)
        {
            Add("consentLifetimeDays", $"Between 1 and {MaxLifetimeDays} days.");
        }
        // The re-ask interval: California lets a business ask an opted-out consumer again only after 12 months.
        var minimumReAsk = Client.Decisions.ConsentDecider.MinimumReAskDays(definition.Regime);
        if (definition.RefusalLifetimeDays is { } reAsk && (reAsk < minimumReAsk || reAsk > MaxReAskDays))
        {
            Add("refusalLifetimeDays", definition.Regime == ConsentRegime.OptOut
                ? $"The re-ask interval after a refusal is at least {minimumReAsk} days (12 months) on an opt-out site, at most {MaxReAskDays}; leave it out for {minimumReAsk}."
                : $"The re-ask interval after a refusal is at least {minimumReAsk} days (6 months) on an opt-in site, at most {MaxReAskDays}; leave it out for {minimumReAsk}.");
        }
        if (string.IsNullOrWhiteSpace(definition.CookieName) || definition.CookieName.Length > 64
            || definition.CookieName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
        {
            Add("cookieName", "1 to 64 of letters, digits, '_', '-' and '.'.");
        }
        if (definition.CookieDomain is { } domain && Uri.CheckHostName(domain.TrimStart('.')) == UriHostNameType.Unknown)
        {
            Add("cookieDomain", "A host name.");
        }
        if (definition.PolicyUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            Add("policyUrl", "An absolute http(s) URL.");
        }
        if (definition.Controller is { } controller)
        {
            if (controller.LegalName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > 200))
            {
                Add("controller.legalName", "The controller's legal name, 1 to 200 characters, or leave it out.");
            }
            if (controller.Contact is { } contact && (string.IsNullOrWhiteSpace(contact) || contact.Length > 500))
            {
                Add("controller.contact", "A postal address or an email address, 1 to 500 characters, or leave it out.");
            }
            if (controller.PrivacyPolicyUrl is { } policy
                && !(Uri.TryCreate(policy, UriKind.Absolute, out var policyUri) && policyUri.Scheme is "https" or "http"))
            {
                Add("controller.privacyPolicyUrl", "An absolute http(s) URL.");
            }
        }
        if (!Enum.IsDefined(definition.Regime))
        {
            Add("regime", "opt-in or opt-out.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
