using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Core.Wording;
using CookieConsent.Server.Receipts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CookieConsent.Server.Api;

/// <summary>
/// What a visitor's receipts name (site key): the site's own notice revisions are otherwise admin-only, but a client
/// site needs exactly the ones its visitor was shown to render the receipt download the way the hosted one does.
/// </summary>
internal static class ReceiptNoticeEndpoints
{
    public static RouteGroupBuilder MapReceiptNoticeEndpoints(this RouteGroupBuilder group)
    {
        group.MapGroup("/visitors/{visitor}").RequireValidVisitorId()
            .MapGet("/receipts/notices", GetReceiptNotices).WithName("GetReceiptNotices")
            .WithSummary("The notice revisions (site definitions) and wording versions the visitor's receipts name, so a client "
                + "site's receipt download shows each receipt in the words and language it was shown with. Only what the "
                + "visitor's own receipts name; a revision or wording no longer known is left out (the download says so).");
        return group;
    }

    internal static async Task<Results<Ok<ReceiptNotices>, ProblemHttpResult>> GetReceiptNotices(
        string site, string visitor, SiteStore sites, ConsentStore store, WordingStore wordings, CancellationToken cancellationToken)
    {
        var (definition, problem) = await SiteEndpoints.Load(sites, site, cancellationToken);
        if (definition is null)
        {
            return problem!;
        }
        try
        {
            var receipts = await store.ReceiptsAsync(site, visitor, cancellationToken);
            var named = await NamedNotices.LoadAsync(site, receipts, sites, wordings, cancellationToken);
            return TypedResults.Ok(new ReceiptNotices(site, visitor, named.Revisions, named.WordingTexts()));
        }
        catch (StoreUnavailableException)
        {
            return Problems.Unavailable();
        }
    }
}
