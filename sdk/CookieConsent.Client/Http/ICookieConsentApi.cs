using CookieConsent.Client.Contracts;
using Refit;

namespace CookieConsent.Client.Http;

/// <summary>
/// The CookieConsent site API, one method per endpoint, implemented by Refit at build time and registered by
/// <c>AddCookieConsentClient</c>. The site key goes as a Bearer token to every endpoint but the public policy.
/// An error answer arrives as <see cref="ConsentApiException"/> (its problem details); no answer in time, an
/// unreachable server or an open circuit as <see cref="ApiRequestException"/> wrapping the cause; an answer that is
/// not the expected JSON as <see cref="ApiException"/>.
/// </summary>
[Headers("Accept: application/json")]
public interface ICookieConsentApi
{
    /// <summary><c>GET /v1/sites/{site}/policy</c>: categories, texts and current version (public, no key).</summary>
    [Get("/v1/sites/{site}/policy")]
    Task<PolicyResponse> GetPolicyAsync(string site, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/sites/{site}/visitors/{visitor}/consent</c>: record a choice (site key).</summary>
    /// <param name="site">The site id.</param>
    /// <param name="visitor">The visitor id.</param>
    /// <param name="request">The choices and where they were made.</param>
    /// <param name="doNotTrack"><c>"1"</c> to forward the visitor's <c>DNT</c> header; <see langword="null"/> sends none.</param>
    /// <param name="globalPrivacyControl"><c>"1"</c> to forward the visitor's <c>Sec-GPC</c> header; <see langword="null"/> sends none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Put("/v1/sites/{site}/visitors/{visitor}/consent")]
    [Headers("Authorization: Bearer")]
    Task<RecordConsentResponse> RecordConsentAsync(
        string site, string visitor, [Body] RecordConsentRequest request,
        [Header("DNT")] string? doNotTrack, [Header("Sec-GPC")] string? globalPrivacyControl,
        CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/sites/{site}/visitors/{visitor}/consent</c>: record a choice, forwarding <paramref name="signals"/>.</summary>
    Task<RecordConsentResponse> RecordConsentAsync(
        string site, string visitor, RecordConsentRequest request, ConsentSignals signals, CancellationToken cancellationToken = default) =>
        RecordConsentAsync(site, visitor, request, ConsentHeaders.DoNotTrack(signals), ConsentHeaders.GlobalPrivacyControl(signals), cancellationToken);

    /// <summary>
    /// <c>POST /v1/sites/{site}/visitors/{visitor}/consent/signal</c>: record the visitor's <c>Sec-GPC: 1</c> as an
    /// opt-out of sale and sharing (once); returns the consent and the cookie that carries it (site key).
    /// </summary>
    /// <param name="site">The site id.</param>
    /// <param name="visitor">The visitor id.</param>
    /// <param name="doNotTrack"><c>"1"</c> to forward the visitor's <c>DNT</c> header; <see langword="null"/> sends none.</param>
    /// <param name="globalPrivacyControl"><c>"1"</c> to forward the visitor's <c>Sec-GPC</c> header; <see langword="null"/> sends none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Post("/v1/sites/{site}/visitors/{visitor}/consent/signal")]
    [Headers("Authorization: Bearer")]
    Task<RecordConsentResponse> RecordSignalAsync(
        string site, string visitor,
        [Header("DNT")] string? doNotTrack, [Header("Sec-GPC")] string? globalPrivacyControl,
        CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sites/{site}/visitors/{visitor}/consent/signal</c>, forwarding <paramref name="signals"/>.</summary>
    Task<RecordConsentResponse> RecordSignalAsync(
        string site, string visitor, ConsentSignals signals, CancellationToken cancellationToken = default) =>
        RecordSignalAsync(site, visitor, ConsentHeaders.DoNotTrack(signals), ConsentHeaders.GlobalPrivacyControl(signals), cancellationToken);

    /// <summary><c>GET /v1/sites/{site}/visitors/{visitor}/consent</c>: the effective decisions (site key).</summary>
    /// <param name="site">The site id.</param>
    /// <param name="visitor">The visitor id.</param>
    /// <param name="doNotTrack"><c>"1"</c> to forward the visitor's <c>DNT</c> header; <see langword="null"/> sends none.</param>
    /// <param name="globalPrivacyControl"><c>"1"</c> to forward the visitor's <c>Sec-GPC</c> header; <see langword="null"/> sends none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Get("/v1/sites/{site}/visitors/{visitor}/consent")]
    [Headers("Authorization: Bearer")]
    Task<ConsentDecisions> GetConsentAsync(
        string site, string visitor,
        [Header("DNT")] string? doNotTrack, [Header("Sec-GPC")] string? globalPrivacyControl,
        CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sites/{site}/visitors/{visitor}/consent</c>: the effective decisions under <paramref name="signals"/>.</summary>
    Task<ConsentDecisions> GetConsentAsync(
        string site, string visitor, ConsentSignals signals, CancellationToken cancellationToken = default) =>
        GetConsentAsync(site, visitor, ConsentHeaders.DoNotTrack(signals), ConsentHeaders.GlobalPrivacyControl(signals), cancellationToken);

    /// <summary><c>POST /v1/sites/{site}/tokens/verify</c>: a consent cookie's decisions (site key).</summary>
    /// <param name="site">The site id.</param>
    /// <param name="request">The cookie value.</param>
    /// <param name="doNotTrack"><c>"1"</c> to forward the visitor's <c>DNT</c> header; <see langword="null"/> sends none.</param>
    /// <param name="globalPrivacyControl"><c>"1"</c> to forward the visitor's <c>Sec-GPC</c> header; <see langword="null"/> sends none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Post("/v1/sites/{site}/tokens/verify")]
    [Headers("Authorization: Bearer")]
    Task<ConsentDecisions> VerifyTokenAsync(
        string site, [Body] VerifyTokenRequest request,
        [Header("DNT")] string? doNotTrack, [Header("Sec-GPC")] string? globalPrivacyControl,
        CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sites/{site}/tokens/verify</c>: the decisions of the consent cookie <paramref name="token"/>.</summary>
    Task<ConsentDecisions> VerifyTokenAsync(
        string site, string token, ConsentSignals signals, CancellationToken cancellationToken = default) =>
        VerifyTokenAsync(site, new VerifyTokenRequest(token ?? throw new ArgumentNullException(nameof(token))),
            ConsentHeaders.DoNotTrack(signals), ConsentHeaders.GlobalPrivacyControl(signals), cancellationToken);

    /// <summary>
    /// <c>POST /v1/sites/{site}/sync</c>: exchange the single-use code of a sync bounce for the visitor's service-level
    /// decision; records it for <see cref="SyncExchangeRequest.Visitor"/> and returns the cookie to set (site key).
    /// </summary>
    [Post("/v1/sites/{site}/sync")]
    [Headers("Authorization: Bearer")]
    Task<SyncExchangeResponse> ExchangeSyncCodeAsync(string site, [Body] SyncExchangeRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /v1/sites/{site}/visitors/{visitor}/hosted-reference</c>: a signed reference to send with the visitor to the
    /// hosted pages, so the choice made there is recorded for this visitor and comes back as a sync code (site key).
    /// </summary>
    [Post("/v1/sites/{site}/visitors/{visitor}/hosted-reference")]
    [Headers("Authorization: Bearer")]
    Task<HostedReferenceResponse> CreateHostedReferenceAsync(
        string site, string visitor, [Body] HostedReferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sites/{site}/visitors/{visitor}/receipts</c>: every receipt (site key).</summary>
    [Get("/v1/sites/{site}/visitors/{visitor}/receipts")]
    [Headers("Authorization: Bearer")]
    Task<ReceiptExport> ExportReceiptsAsync(string site, string visitor, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /v1/sites/{site}/visitors/{visitor}/receipts/notices</c>: the notice revisions and wording versions the
    /// visitor's receipts name, to show each receipt in the words it was shown with (site key).
    /// </summary>
    [Get("/v1/sites/{site}/visitors/{visitor}/receipts/notices")]
    [Headers("Authorization: Bearer")]
    Task<ReceiptNotices> GetReceiptNoticesAsync(string site, string visitor, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/sites/{site}/visitors/{visitor}</c>: erase state and receipts (site key).</summary>
    [Delete("/v1/sites/{site}/visitors/{visitor}")]
    [Headers("Authorization: Bearer")]
    Task EraseVisitorAsync(string site, string visitor, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sites/{site}/stats</c>: opt-ins and opt-outs per category per day (site key).</summary>
    [Get("/v1/sites/{site}/stats")]
    [Headers("Authorization: Bearer")]
    Task<SiteStats> GetStatsAsync(string site, CancellationToken cancellationToken = default);
}
