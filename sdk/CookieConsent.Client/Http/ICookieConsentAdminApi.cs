using CookieConsent.Client.Contracts;
using Refit;

namespace CookieConsent.Client.Http;

/// <summary>
/// The CookieConsent admin API (sites and their keys), implemented by Refit at build time and registered by
/// <c>AddCookieConsentAdminClient</c>; it needs only the server URL and the admin key. Errors arrive as for
/// <see cref="ICookieConsentApi"/>. Keep it out of a website: the admin key can create and revoke every site's keys.
/// </summary>
[Headers("Accept: application/json", "Authorization: Bearer")]
public interface ICookieConsentAdminApi
{
    /// <summary><c>PUT /v1/sites/{site}</c>: create or replace a site.</summary>
    [Put("/v1/sites/{site}")]
    Task<SiteResponse> PutSiteAsync(string site, [Body] SiteDefinition definition, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sites/{site}</c>: a site's configuration.</summary>
    [Get("/v1/sites/{site}")]
    Task<SiteResponse> GetSiteAsync(string site, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sites/{site}/keys</c>: a new site API key, returned only this once.</summary>
    [Post("/v1/sites/{site}/keys")]
    Task<ApiKeyCreated> CreateKeyAsync(string site, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/sites/{site}/keys/{keyId}</c>: revoke a site API key.</summary>
    [Delete("/v1/sites/{site}/keys/{keyId}")]
    Task RevokeKeyAsync(string site, string keyId, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/services/{service}</c>: create or replace a service (its sites and covered categories).</summary>
    [Put("/v1/services/{service}")]
    Task<ServiceResponse> PutServiceAsync(string service, [Body] ServiceDefinition definition, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/services/{service}</c>: a service's definition.</summary>
    [Get("/v1/services/{service}")]
    Task<ServiceResponse> GetServiceAsync(string service, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/services/{service}</c>: delete a service.</summary>
    [Delete("/v1/services/{service}")]
    Task DeleteServiceAsync(string service, CancellationToken cancellationToken = default);
}
