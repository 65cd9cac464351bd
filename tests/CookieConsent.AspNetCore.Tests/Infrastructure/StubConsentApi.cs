using System.Collections.Concurrent;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;
using CookieConsent.Client.Http;

namespace CookieConsent.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Stands in for the consent server (not for Redis): serves a policy, verifies the cookie values "accept" and "reject"
/// (anything else is a 422 like the real server's answer to a forged cookie), and records choices.
/// </summary>
internal sealed class StubConsentApi : ICookieConsentApi
{
    public const string Visitor = "AAAAAAAAAAAAAAAAAAAAAA";
    public static readonly DateTimeOffset ExpiresAt = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private int _verifyCalls;
    private int _policyCalls;

    public StubConsentApi(SiteDefinition? definition = null) => Definition = definition ?? TestSites.Shop();

    public SiteDefinition Definition { get; set; }

    /// <summary>When set, every call fails with it (or hangs, for <see cref="Hang"/>).</summary>
    public Exception? Failure { get; set; }

    public bool Hang { get; set; }

    public bool PolicyFails { get; set; }

    public int VerifyCalls => _verifyCalls;

    public int PolicyCalls => _policyCalls;

    public ConcurrentQueue<(string Site, string Visitor, RecordConsentRequest Request, ConsentSignals Signals)> Recorded { get; } = new();

    public async Task<PolicyResponse> GetPolicyAsync(string site, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _policyCalls);
        if (PolicyFails)
        {
            throw new HttpRequestException("Connection refused");
        }
        await Task.Yield();
        return new PolicyResponse(site, 1, Definition);
    }

    public async Task<ConsentDecisions> VerifyTokenAsync(string site, string token, ConsentSignals signals, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _verifyCalls);
        await FailIfAsked(cancellationToken);
        var choice = token switch
        {
            "accept" => true,
            "reject" => false,
            _ => throw new ConsentApiException(422, new ProblemBody(null, "Invalid consent cookie", 422, "Not a valid consent cookie of this site.")),
        };
        var state = State(choice);
        return new ConsentDecisions(site, Visitor, 1, ExpiresAt, signals, ConsentDecider.DecideAll(Definition, state, signals, DateTimeOffset.UtcNow));
    }

    public async Task<RecordConsentResponse> RecordConsentAsync(
        string site, string visitor, RecordConsentRequest request, ConsentSignals signals, CancellationToken cancellationToken = default)
    {
        await FailIfAsked(cancellationToken);
        Recorded.Enqueue((site, visitor, request, signals));
        var state = new ConsentState(request.Choices, 1, DateTimeOffset.UtcNow, ExpiresAt, signals, request.Source, "r1");
        return new RecordConsentResponse("r1", state,
            new ConsentDecisions(site, visitor, 1, ExpiresAt, signals, ConsentDecider.DecideAll(Definition, state, signals, DateTimeOffset.UtcNow)),
            new ConsentCookie(Definition.CookieName, "minted-" + Recorded.Count, null, "/", 3600, true, true, "Lax"));
    }

    public ConcurrentQueue<(string Site, string Visitor, ConsentSignals Signals)> SignalsRecorded { get; } = new();

    public async Task<RecordConsentResponse> RecordSignalAsync(
        string site, string visitor, ConsentSignals signals, CancellationToken cancellationToken = default)
    {
        await FailIfAsked(cancellationToken);
        SignalsRecorded.Enqueue((site, visitor, signals));
        var now = DateTimeOffset.UtcNow;
        // The "accept" visitor keeps every other choice; anyone else had none.
        var state = new ConsentState(
            Definition.Categories.Where(c => !c.Required && (c.SaleOrSharing || visitor == Visitor)).ToDictionary(c => c.Id, c => !c.SaleOrSharing),
            1, now, ExpiresAt, signals, ConsentSource.Signal, "r-signal",
            Definition.Categories.Where(c => c.SaleOrSharing && !c.Required).ToDictionary(c => c.Id, _ => new CategoryRefusal(now, ConsentSource.Signal)));
        return new RecordConsentResponse("r-signal", state,
            new ConsentDecisions(site, visitor, 1, ExpiresAt, signals, ConsentDecider.DecideAll(Definition, state, signals, now),
                ConsentDecider.NeedsChoice(Definition, state, now)),
            new ConsentCookie(Definition.CookieName, "minted-signal", null, "/", 400 * 86400, true, true, "Lax"));
    }

    private ConsentState State(bool optional) => new(
        Definition.Categories.Where(c => !c.Required).ToDictionary(c => c.Id, _ => optional),
        1, DateTimeOffset.UtcNow.AddDays(-1), ExpiresAt, ConsentSignals.None, ConsentSource.Banner, "r0");

    private async Task FailIfAsked(CancellationToken cancellationToken)
    {
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        if (Failure is { } failure)
        {
            throw failure;
        }
    }

    // The header forms the generated client implements; the SDK calls the ConsentSignals forms above.
    public Task<ConsentDecisions> VerifyTokenAsync(string site, VerifyTokenRequest request, string? doNotTrack, string? globalPrivacyControl,
        CancellationToken cancellationToken = default) =>
        VerifyTokenAsync(site, request.Token, new ConsentSignals(doNotTrack == "1", globalPrivacyControl == "1"), cancellationToken);

    public Task<RecordConsentResponse> RecordConsentAsync(string site, string visitor, RecordConsentRequest request, string? doNotTrack,
        string? globalPrivacyControl, CancellationToken cancellationToken = default) =>
        RecordConsentAsync(site, visitor, request, new ConsentSignals(doNotTrack == "1", globalPrivacyControl == "1"), cancellationToken);

    public Task<RecordConsentResponse> RecordSignalAsync(string site, string visitor, string? doNotTrack,
        string? globalPrivacyControl, CancellationToken cancellationToken = default) =>
        RecordSignalAsync(site, visitor, new ConsentSignals(doNotTrack == "1", globalPrivacyControl == "1"), cancellationToken);

    public Task<ConsentDecisions> GetConsentAsync(string site, string visitor, string? doNotTrack, string? globalPrivacyControl,
        CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ReceiptExport> ExportReceiptsAsync(string site, string visitor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ReceiptNotices> GetReceiptNoticesAsync(string site, string visitor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task EraseVisitorAsync(string site, string visitor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<SiteStats> GetStatsAsync(string site, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<SyncExchangeResponse> ExchangeSyncCodeAsync(string site, SyncExchangeRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    /// <summary>What a hosted-reference call asked for; the reference handed back is "ref-{visitor}".</summary>
    public ConcurrentQueue<(string Site, string Visitor, string ReturnUrl)> References { get; } = new();

    public Task<HostedReferenceResponse> CreateHostedReferenceAsync(
        string site, string visitor, HostedReferenceRequest request, CancellationToken cancellationToken = default)
    {
        if (Failure is { } failure)
        {
            return Task.FromException<HostedReferenceResponse>(failure);
        }
        References.Enqueue((site, visitor, request.ReturnUrl));
        return Task.FromResult(new HostedReferenceResponse("ref-" + visitor, ExpiresAt));
    }
}
