using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Audit;
using CookieConsent.Server.Consent;
using CookieConsent.Server.RateLimiting;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CookieConsent.Server.Api;

/// <summary>Visitors' consent, tokens, receipts, erasure and statistics (site key).</summary>
internal static class VisitorEndpoints
{
    /// <summary>The most days <c>stats</c> answers.</summary>
    internal const int MaxStatsDays = 366;

    /// <summary>The days <c>stats</c> answers without <c>days</c>.</summary>
    internal const int DefaultStatsDays = 30;

    public static RouteGroupBuilder MapVisitorEndpoints(this RouteGroupBuilder group)
    {
        var visitor = group.MapGroup("/visitors/{visitor}").RequireValidVisitorId();
        visitor.MapPut("/consent", RecordConsent).WithName("RecordConsent")
            .Accepts<RecordConsentRequest>("application/json")
            .RequireRateLimiting(RateLimits.Writes)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Record a visitor's choices; returns the receipt id, the decisions and the signed cookie to set. "
                + "Allowing a sale-or-sharing category while Sec-GPC: 1 is forwarded needs confirmedOverGlobalPrivacyControl (else 409). "
                + "'shown' names what was rendered (revision, locale, wording, control, surface); an unknown revision or wording is 422.");
        visitor.MapPost("/consent/signal", RecordSignal).WithName("RecordSignal")
            .RequireRateLimiting(RateLimits.Writes)
            .WithSummary("Record a forwarded Sec-GPC: 1 as the visitor's opt-out of sale and sharing (once); returns the consent and its cookie.");
        visitor.MapGet("/consent", GetConsent).WithName("GetConsent")
            .WithSummary("The visitor's effective decisions, honouring forwarded DNT / Sec-GPC headers. Denied when unsure.");
        group.MapPost("/tokens/verify", VerifyToken).WithName("VerifyToken")
            .Accepts<VerifyTokenRequest>("application/json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("A consent cookie's decisions, or 422 when it is not a valid cookie of this site.");
        visitor.MapGet("/receipts", ExportReceipts).WithName("ExportReceipts")
            .WithSummary("Every consent receipt of the visitor (GDPR Art. 15/20) and whether their hash chain verifies.");
        visitor.MapDelete("", EraseVisitor).WithName("EraseVisitor")
            .RequireRateLimiting(RateLimits.Writes)
            .WithSummary("Erase the visitor's consent and receipts (GDPR Art. 17), keeping a suppression record of refusals. Idempotent.");
        group.MapGet("/requests", GetRequestLog).WithName("GetRequestLog")
            .WithSummary("The site's log of erasure and export requests of the last 24 months (date, type, outcome; no personal data).");
        group.MapGet("/stats", GetStats).WithName("GetStats")
            .WithSummary("Opt-ins and opt-outs per category per UTC day.");
        return group;
    }

    internal static async Task<Results<OkJson<RecordConsentResponse>, ValidationProblem, ProblemHttpResult>> RecordConsent(
        string site, string visitor, BufferedJson<RecordConsentRequest> request, HttpRequest http,
        SiteStore sites, ConsentRecorder recorder, CancellationToken cancellationToken)
    {
        var consent = request.Value;
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        var errors = ConsentRecorder.ValidateChoices(definition, consent.Choices);
        if (consent.VisitorIp is { } ip && !IsIpAddress(ip))
        {
            errors["visitorIp"] = ["An IPv4 or IPv6 address (only a truncated prefix is stored), or leave it out."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var signals = RequestSignals.From(http);
        if (ConsentRecorder.GlobalPrivacyControlConflicts(definition, consent, signals) is { Count: > 0 } conflicts)
        {
            return Problems.GlobalPrivacyControlConflict(conflicts);
        }
        try
        {
            if (await recorder.ValidateShownAsync(site, consent.Shown, cancellationToken) is { Count: > 0 } unknown)
            {
                return Problems.UnknownShown(unknown);
            }
            return new OkJson<RecordConsentResponse>(await recorder.RecordAsync(
                site, visitor, definition, consent, signals, secureCookie: true, cancellationToken));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<OkJson<RecordConsentResponse>, ValidationProblem, ProblemHttpResult>> RecordSignal(
        string site, string visitor, HttpRequest http, SiteStore sites, ConsentRecorder recorder, CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        var signals = RequestSignals.From(http);
        if (!signals.GlobalPrivacyControl)
        {
            return Problems.Invalid("Sec-GPC", "Forward the visitor's Sec-GPC: 1 header; there is no signal to record.");
        }
        if (!definition.HonorGlobalPrivacyControl)
        {
            return Problems.Invalid("Sec-GPC", "This site does not honour Global Privacy Control (honorGlobalPrivacyControl is false).");
        }
        try
        {
            return new OkJson<RecordConsentResponse>(
                await recorder.RecordSignalAsync(site, visitor, definition, signals, secureCookie: true, cancellationToken));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async ValueTask<Results<PrecomputedJson<ConsentDecisions>, ProblemHttpResult>> GetConsent(
        string site, string visitor, HttpRequest http, SiteStore sites, ReadAnswers answers, CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        return new PrecomputedJson<ConsentDecisions>(
            await answers.ConsentAsync(site, visitor, definition, RequestSignals.From(http), cancellationToken));
    }

    internal static async ValueTask<Results<PrecomputedJson<ConsentDecisions>, ValidationProblem, ProblemHttpResult>> VerifyToken(
        string site, BufferedJson<VerifyTokenRequest> request, HttpRequest http, SiteStore sites, ReadAnswers answers,
        CancellationToken cancellationToken)
    {
        var token = request.Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            return Problems.Invalid("token", "Give the consent cookie's value.");
        }
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        // An authentic but expired cookie still answers 200: its grants have lapsed, its refusals stand.
        var (rejection, body) = await answers.VerifyAsync(site, definition, token, RequestSignals.From(http), cancellationToken);
        return rejection switch
        {
            TokenRejection.None => new PrecomputedJson<ConsentDecisions>(body!),
            TokenRejection.Unavailable => Problems.Unavailable(),
            _ => Problems.InvalidToken("This is not a valid consent cookie of this site (tampered, truncated, issued for another "
                + "site, or an old cookie from before the site's categories changed). Treat the visitor as undetermined: deny, ask again."),
        };
    }

    internal static async Task<Results<Ok<ReceiptExport>, ProblemHttpResult>> ExportReceipts(
        string site, string visitor, SiteStore sites, ConsentStore store, CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            var (receipts, chain) = await store.ReceiptsWithChainAsync(site, visitor, cancellationToken);
            await store.LogRequestAsync(site, PrivacyRequestType.Export, PrivacyRequestOutcome.Completed, cancellationToken);
            return TypedResults.Ok(new ReceiptExport(site, visitor, receipts, chain));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> EraseVisitor(
        string site, string visitor, HttpContext http, SiteStore sites, ConsentStore store, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            await store.EraseAsync(site, visitor, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
        // Names the key and the erasure, not the visitor: an erased visitor's id is not kept in the audit log either.
        var actor = Authentication.SiteKeyId(http) is { } keyId ? AuditTrail.Key(keyId) : "site-key";
        await audit.RecordAsync(site, actor, AuditActions.VisitorErased, "one visitor's consent and receipts", cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<PrivacyRequestLog>, ProblemHttpResult>> GetRequestLog(
        string site, SiteStore sites, ConsentStore store, CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            return TypedResults.Ok(new PrivacyRequestLog(site, await store.RequestLogAsync(site, cancellationToken)));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    // 'days' is read as text so a value that is not a small whole number gets an answer naming the parameter, not a
    // bare binding failure; ApiDocumentation documents it as the integer it is.
    internal static async Task<Results<Ok<SiteStats>, ValidationProblem, ProblemHttpResult>> GetStats(
        string site, SiteStore sites, ConsentStore store, CancellationToken cancellationToken, [FromQuery] string? days = null)
    {
        var count = DefaultStatsDays;
        // Digits only: int.TryParse would also take "1\0" (it ignores trailing NUL characters).
        if (days is not null && (days.Length is 0 or > 3 || !days.All(char.IsAsciiDigit)
            || !int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxStatsDays))
        {
            return Problems.Invalid("days", $"The query parameter 'days' must be a whole number from 1 to {MaxStatsDays}; got '{Shorten(days)}'.");
        }
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            return TypedResults.Ok(new SiteStats(site, await store.StatsAsync(site, definition, count, cancellationToken)));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    // A literal address, not a host name or the shorthand "1" that IPAddress also accepts as 0.0.0.1.
    private static bool IsIpAddress(string value) =>
        IPAddress.TryParse(value, out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 ? value.Contains(':', StringComparison.Ordinal) : value.Count(c => c == '.') == 3);

    private static string Shorten(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
