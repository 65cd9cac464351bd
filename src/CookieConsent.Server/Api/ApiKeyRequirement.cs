namespace CookieConsent.Server.Api;

/// <summary>Endpoint metadata: the key an endpoint's filter demands, named by its OpenAPI security scheme.</summary>
/// <param name="Scheme">The security scheme (<see cref="Hosting.ApiDocumentation.AdminKeyScheme"/> or
/// <see cref="Hosting.ApiDocumentation.SiteKeyScheme"/>).</param>
internal sealed record ApiKeyRequirement(string Scheme);
