using CookieConsent.Client.Contracts;
using Microsoft.Extensions.Options;

namespace CookieConsent.Client.Http;

/// <summary>Checks the client settings at start, with messages that name the setting to fix.</summary>
internal sealed class CookieConsentClientOptionsValidator : IValidateOptions<CookieConsentClientOptions>
{
    private const string Section = CookieConsentClientOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CookieConsentClientOptions options)
    {
        var failures = new List<string>();
        if (!IsHttpUrl(options.ServerUrl))
        {
            failures.Add($"{Section}:ServerUrl must be the absolute http(s) URL of the consent server (got '{options.ServerUrl}').");
        }
        if (!ConsentIds.IsValidSite(options.SiteId))
        {
            failures.Add($"{Section}:SiteId must be a site id of 1 to 64 characters a-z, 0-9 or '-'.");
        }
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{Section}:ApiKey must be set to the site's API key.");
        }
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Section}:Timeout must be greater than zero and at most 5 minutes (got {options.Timeout}).");
        }
        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > options.Timeout)
        {
            failures.Add($"{Section}:AttemptTimeout must be greater than zero and at most {Section}:Timeout (got {options.AttemptTimeout}).");
        }
        if (options.Retries is < 0 or > 10)
        {
            failures.Add($"{Section}:Retries must be from 0 to 10 (got {options.Retries}).");
        }
        if (!(options.CircuitBreakerFailureRatio is > 0 and <= 1))
        {
            failures.Add($"{Section}:CircuitBreakerFailureRatio must be greater than 0 and at most 1 (got {options.CircuitBreakerFailureRatio}).");
        }
        if (options.CircuitBreakerMinimumThroughput is < 2 or > 10000)
        {
            failures.Add($"{Section}:CircuitBreakerMinimumThroughput must be from 2 to 10000 (got {options.CircuitBreakerMinimumThroughput}).");
        }
        if (options.CircuitBreakDuration < TimeSpan.FromMilliseconds(500) || options.CircuitBreakDuration > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:CircuitBreakDuration must be from 0.5 seconds to 1 hour (got {options.CircuitBreakDuration}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
