using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CookieConsent.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Consent;
using CookieConsent.Server.RateLimiting;
using CookieConsent.Tokens;
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
            .RequireRateLimiting(RateLimits.Writes)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Record a visitor's choices; returns the receipt id, the decisions and the signed cookie to set.");
        visitor.MapGet("/consent", GetConsent).WithName("GetConsent")
            .WithSummary("The visitor's effective decisions, honouring forwarded DNT / Sec-GPC headers. Denied when unsure.");
        group.MapPost("/tokens/verify", VerifyToken).WithName("VerifyToken")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("A consent cookie's decisions, or 422 when it is not a valid cookie of this site.");
        visitor.MapGet("/receipts", ExportReceipts).WithName("ExportReceipts")
            .WithSummary("Every consent receipt of the visitor (GDPR Art. 15/20).");
        visitor.MapDelete("", EraseVisitor).WithName("EraseVisitor")
            .RequireRateLimiting(RateLimits.Writes)
            .WithSummary("Erase the visitor's consent and receipts (GDPR Art. 17). Idempotent.");
        group.MapGet("/stats", GetStats).WithName("GetStats")
            .WithSummary("Opt-ins and opt-outs per category per UTC day.");
        return group;
    }

    internal static async Task<Results<Ok<RecordConsentResponse>, ValidationProblem, ProblemHttpResult>> RecordConsent(
        string site, string visitor, RecordConsentRequest request, HttpRequest http,
        SiteStore sites, ConsentRecorder recorder, CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        var errors = ConsentRecorder.ValidateChoices(definition, request.Choices);
        if (request.VisitorIp is { } ip && !IsIpAddress(ip))
        {
            errors["visitorIp"] = ["An IPv4 or IPv6 address (only a truncated prefix is stored), or leave it out."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        try
        {
            return TypedResults.Ok(await recorder.RecordAsync(
                site, visitor, definition, request, RequestSignals.From(http), secureCookie: true, cancellationToken));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<Ok<ConsentDecisions>, ProblemHttpResult>> GetConsent(
        string site, string visitor, HttpRequest http, SiteStore sites, ConsentRecorder recorder, CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        return TypedResults.Ok(await recorder.DecideAsync(site, visitor, definition, RequestSignals.From(http), cancellationToken));
    }

    internal static async Task<Results<Ok<ConsentDecisions>, ValidationProblem, ProblemHttpResult>> VerifyToken(
        string site, VerifyTokenRequest request, HttpRequest http, SiteStore sites, ConsentRecorder recorder,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Token))
        {
            return Problems.Invalid("token", "Give the consent cookie's value.");
        }
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        return recorder.Verify(site, definition, request.Token, RequestSignals.From(http), out var decisions) switch
        {
            TokenRejection.None => TypedResults.Ok(decisions!),
            TokenRejection.Expired => Problems.InvalidToken("The consent cookie has expired; ask the visitor again."),
            TokenRejection.Unavailable => Problems.Unavailable(),
            _ => Problems.InvalidToken("This is not a valid consent cookie of this site (tampered, truncated, or issued for another site)."),
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
            return TypedResults.Ok(new ReceiptExport(site, visitor, await store.ReceiptsAsync(site, visitor, cancellationToken)));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> EraseVisitor(
        string site, string visitor, SiteStore sites, ConsentStore store, CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            await store.EraseAsync(site, visitor, cancellationToken);
            return TypedResults.NoContent();
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
