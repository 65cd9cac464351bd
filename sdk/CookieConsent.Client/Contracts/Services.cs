namespace CookieConsent.Client.Contracts;

/// <summary>
/// A service: a group of sites run by one provider, with one opt-out for all of them (<c>/optout/{service}</c>).
/// A site belongs to at most one service.
/// </summary>
/// <param name="DisplayName">Name shown on the service's opt-out page.</param>
/// <param name="Sites">The member sites' ids; each must exist and belong to no other service.</param>
/// <param name="Categories">The optional categories the opt-out covers, by id. Each must be an optional category of at
/// least one member site; on each site the opt-out refuses those of them the site has.</param>
/// <param name="SyncLifetimeDays">How long a client site trusts what a sync bounce told it before it asks the consent
/// server again (1 to 395). Defaults to 30.</param>
public sealed record ServiceDefinition(
    string DisplayName,
    IReadOnlyList<string> Sites,
    IReadOnlyList<string> Categories,
    int SyncLifetimeDays = 30);

/// <summary>A stored service.</summary>
public sealed record ServiceResponse(string Id, ServiceDefinition Definition);

/// <summary>Body of <c>POST /v1/sites/{site}/sync</c>: a sync code exchanged by the client site, server to server.</summary>
/// <param name="Code">The code the consent server appended to the return URL.</param>
/// <param name="ReturnUrl">The return URL the code was issued for, exactly as the site sent it to <c>/sync/{site}</c>.</param>
/// <param name="Visitor">The site's visitor id to record the outcome for (a new one when the site has none yet).</param>
public sealed record SyncExchangeRequest(string Code, string ReturnUrl, string Visitor);

/// <summary>What a sync code stood for.</summary>
/// <param name="Service">The service the site belongs to; <see langword="null"/> when it belongs to none.</param>
/// <param name="OptedOut">The visitor opted out of the service (or their browser sends Global Privacy Control and the
/// site honours it).</param>
/// <param name="SyncLifetimeDays">How long the site may trust this answer before bouncing again.</param>
/// <param name="Consent">The consent recorded for the site's visitor and its cookie, when something changed: the
/// service's categories refused (source <c>service</c>) after an opt-out, those refusals withdrawn after opting back in.</param>
public sealed record SyncExchangeResponse(string? Service, bool OptedOut, int SyncLifetimeDays, RecordConsentResponse? Consent);

/// <summary>
/// Every receipt of one service-level visitor (the opt-outs and opt-backs-in made on <c>/optout/{service}</c>), oldest
/// first, and whether their hash chain verifies.
/// </summary>
/// <param name="Service">Service id (also each receipt's <c>site</c>).</param>
/// <param name="Visitor">The service-level visitor id.</param>
/// <param name="OptedOut">Whether the visitor is opted out now.</param>
/// <param name="Receipts">The receipts, oldest first (source and surface <c>service</c>).</param>
/// <param name="Chain">The chain check: an edited, deleted or reordered receipt breaks it.</param>
public sealed record ServiceReceiptExport(
    string Service, string Visitor, bool OptedOut, IReadOnlyList<ConsentReceipt> Receipts, ReceiptChainCheck Chain);
