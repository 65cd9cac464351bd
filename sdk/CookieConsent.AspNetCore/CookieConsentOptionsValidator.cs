using CookieConsent.Client.Contracts;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore;

/// <summary>Checks the site settings at start, with messages that name the setting to fix.</summary>
internal sealed class CookieConsentOptionsValidator : IValidateOptions<CookieConsentOptions>
{
    private const string Section = CookieConsentOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CookieConsentOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.ServerUrl, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
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
        if (options.VerificationCacheDuration < TimeSpan.Zero || options.VerificationCacheDuration > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:VerificationCacheDuration must be from 0 to 1 hour (got {options.VerificationCacheDuration}).");
        }
        if (options.VerificationCacheSize is < 1 or > 10_000_000)
        {
            failures.Add($"{Section}:VerificationCacheSize must be from 1 to 10 000 000 (got {options.VerificationCacheSize}).");
        }
        if (options.PolicyCacheDuration <= TimeSpan.Zero || options.PolicyCacheDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:PolicyCacheDuration must be greater than zero and at most 1 day (got {options.PolicyCacheDuration}).");
        }
        if (!options.PathBase.HasValue || options.PathBase.Value!.EndsWith('/'))
        {
            failures.Add($"{Section}:PathBase must be a path such as /consent, starting with '/' and not ending with '/' (got '{options.PathBase}').");
        }
        if (options.ServiceSyncRetryInterval < TimeSpan.FromMinutes(1) || options.ServiceSyncRetryInterval > TimeSpan.FromDays(30))
        {
            failures.Add($"{Section}:ServiceSyncRetryInterval must be from 1 minute to 30 days (got {options.ServiceSyncRetryInterval}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
