using Microsoft.Extensions.Options;

namespace CookieConsent.Client.Http;

/// <summary>Checks the admin client settings at start, with messages that name the setting to fix.</summary>
internal sealed class CookieConsentAdminClientOptionsValidator : IValidateOptions<CookieConsentAdminClientOptions>
{
    private const string Section = CookieConsentAdminClientOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CookieConsentAdminClientOptions options)
    {
        var failures = new List<string>();
        if (!CookieConsentClientOptionsValidator.IsHttpUrl(options.ServerUrl))
        {
            failures.Add($"{Section}:ServerUrl must be the absolute http(s) URL of the consent server (got '{options.ServerUrl}').");
        }
        if (string.IsNullOrWhiteSpace(options.AdminKey))
        {
            failures.Add($"{Section}:AdminKey must be set to the consent server's admin key.");
        }
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:Timeout must be greater than zero and at most 5 minutes (got {options.Timeout}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
