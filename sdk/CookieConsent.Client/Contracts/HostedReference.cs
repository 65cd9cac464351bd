namespace CookieConsent.Client.Contracts;

/// <summary>
/// Body of <c>POST /v1/sites/{site}/visitors/{visitor}/hosted-reference</c>: the site is about to send its visitor to
/// the hosted pages and wants the choice made there back.
/// </summary>
/// <param name="ReturnUrl">The absolute URL on one of the site's return hosts the visitor comes back to, with a
/// single-use code (<c>cc_sync</c>) to exchange at <c>POST /v1/sites/{site}/sync</c>.</param>
public sealed record HostedReferenceRequest(string ReturnUrl);

/// <summary>A signed visitor reference for the hosted pages (<c>cc_ref</c> in their query).</summary>
/// <param name="Reference">Opaque; readable only by the consent server, bound to the site, the visitor and the return URL.</param>
/// <param name="ExpiresAt">After this the hosted pages refuse it and send the visitor back to the site.</param>
public sealed record HostedReferenceResponse(string Reference, DateTimeOffset ExpiresAt);
