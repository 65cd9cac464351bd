using System.Globalization;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CookieConsent.Server.Api;

/// <summary>Tamper evidence of a site's receipts (admin key).</summary>
internal static class ReceiptProofEndpoints
{
    public static RouteGroupBuilder MapReceiptProofEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/receipts/verify", VerifyDay).WithName("VerifySiteDay")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Recompute the site's running digest of one UTC day (?day=YYYY-MM-DD, default today) from the chains "
                + "of the visitors who had a receipt that day; says whether it matches and which visitors' chains broke.");
        return group;
    }

    // 'day' is read as text so a malformed one gets an answer naming the parameter, not a bare binding failure.
    internal static async Task<Results<Ok<SiteDayVerification>, ValidationProblem, ProblemHttpResult>> VerifyDay(
        string site, SiteStore sites, ConsentStore store, TimeProvider time, CancellationToken cancellationToken,
        [FromQuery] string? day = null)
    {
        var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (day is not null && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return Problems.Invalid("day", $"The query parameter 'day' must be a UTC date written YYYY-MM-DD; got '{(day.Length <= 32 ? day : day[..32] + "…")}'.");
        }
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            return TypedResults.Ok(await store.VerifyDayAsync(site, date, cancellationToken));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }
}
