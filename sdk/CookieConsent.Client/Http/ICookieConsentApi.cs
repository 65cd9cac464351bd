using CookieConsent.Contracts;

namespace CookieConsent.Http;

/// <summary>
/// The CookieConsent HTTP API, one method per endpoint. Failures the server explains arrive as
/// <see cref="ConsentApiException"/>; signals are forwarded as <c>DNT</c> / <c>Sec-GPC</c> headers.
/// </summary>
public interface ICookieConsentApi
{
    /// <summary><c>GET /v1/sites/{site}/policy</c>: categories, texts and current version (public).</summary>
    Task<PolicyResponse> GetPolicyAsync(string site, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/sites/{site}</c>: create or replace a site (admin key).</summary>
    Task<SiteResponse> PutSiteAsync(string site, SiteDefinition definition, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sites/{site}</c>: a site's configuration (admin key).</summary>
    Task<SiteResponse> GetSiteAsync(string site, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sites/{site}/keys</c>: a new site API key, returned only this once (admin key).</summary>
    Task<ApiKeyCreated> CreateKeyAsync(string site, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/sites/{site}/keys/{keyId}</c>: revoke a site API key (admin key).</summary>
    Task RevokeKeyAsync(string site, string keyId, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/sites/{site}/visitors/{visitor}/consent</c>: record a choice (site key).</summary>
    Task<RecordConsentResponse> RecordConsentAsync(
        string site, string visitor, RecordConsentRequest request, ConsentSignals signals, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /v1/sites/{site}/visitors/{visitor}/consent/signal</c>: record the visitor's <c>Sec-GPC: 1</c> as an
    /// opt-out of sale and sharing (once); returns the consent and the cookie that carries it (site key).
    /// </summary>
    Task<RecordConsentResponse> RecordSignalAsync(
        string site, string visitor, ConsentSignals signals, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sites/{site}/visitors/{visitor}/consent</c>: the effective decisions (site key).</summary>
    Task<ConsentDecisions> GetConsentAsync(
        string site, string visitor, ConsentSignals signals, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sites/{site}/tokens/verify</c>: a consent cookie's decisions (site key).</summary>
    Task<ConsentDecisions> VerifyTokenAsync(
        string site, string token, ConsentSignals signals, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sites/{site}/visitors/{visitor}/receipts</c>: every receipt (site key).</summary>
    Task<ReceiptExport> ExportReceiptsAsync(string site, string visitor, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/sites/{site}/visitors/{visitor}</c>: erase state and receipts (site key).</summary>
    Task EraseVisitorAsync(string site, string visitor, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sites/{site}/stats</c>: opt-ins and opt-outs per category per day (site key).</summary>
    Task<SiteStats> GetStatsAsync(string site, CancellationToken cancellationToken = default);
}
