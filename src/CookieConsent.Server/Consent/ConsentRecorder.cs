using CookieConsent.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Decisions;
using CookieConsent.Protection;
using CookieConsent.Tokens;
using StackExchange.Redis;

namespace CookieConsent.Server.Consent;

/// <summary>
/// Records choices and answers "allowed?" for the API and the hosted pages alike, so both follow one path:
/// validate, prepare, protect the cookie, then store; read with a fail-closed fallback.
/// </summary>
internal sealed class ConsentRecorder(
    ConsentStore store, ConsentTokenProtector protector, IConnectionMultiplexer redis, TimeProvider time,
    ILogger<ConsentRecorder> logger)
{
    // Reads come at request rate: during an outage one warning per interval says enough.
    private readonly LogThrottle _outageWarnings = new(TimeSpan.FromSeconds(10));

    /// <summary>Validation errors of a choice set (empty when valid): every optional category, nothing else.</summary>
    public static Dictionary<string, string[]> ValidateChoices(SiteDefinition definition, IReadOnlyDictionary<string, bool>? choices)
    {
        var errors = new Dictionary<string, string[]>();
        if (choices is null)
        {
            errors["choices"] = ["Give a choice for every optional category."];
            return errors;
        }
        foreach (var (id, allowed) in choices)
        {
            var category = definition.Categories.FirstOrDefault(c => c.Id == id);
            if (category is null)
            {
                errors[$"choices.{Truncate(id)}"] = ["The site has no such category."];
            }
            else if (category.Required && !allowed)
            {
                errors[$"choices.{id}"] = ["A required category cannot be refused."];
            }
        }
        foreach (var category in definition.Categories.Where(c => !c.Required && !choices.ContainsKey(c.Id)))
        {
            errors[$"choices.{category.Id}"] = ["Missing: give true or false."];
        }
        return errors;
    }

    /// <summary>Stores a valid choice and returns the receipt, decisions and signed cookie.</summary>
    /// <exception cref="StoreUnavailableException">Nothing was acknowledged.</exception>
    public async Task<RecordConsentResponse> RecordAsync(
        string site, string visitor, SiteDefinition definition, RecordConsentRequest request, ConsentSignals signals,
        bool secureCookie, CancellationToken cancellationToken)
    {
        var prepared = store.Prepare(site, visitor, definition, request, signals);
        // Protect before storing: if the key ring is unreachable, nothing is written and the caller gets 503.
        string token;
        try
        {
            token = protector.Protect(ConsentTokenPayload.From(site, visitor, definition, prepared.State));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new StoreUnavailableException("The key ring is unavailable.", ex);
        }
        await store.WriteAsync(prepared, cancellationToken);

        var now = time.GetUtcNow();
        var cookie = new ConsentCookie(
            definition.CookieName, token, definition.CookieDomain, "/",
            (int)Math.Max(0, (prepared.State.ExpiresAt - now).TotalSeconds), HttpOnly: true, Secure: secureCookie, SameSite: "Lax");
        var decisions = Decisions(site, visitor, definition, prepared.State, signals, now);
        return new RecordConsentResponse(prepared.Receipt.Id, prepared.State, decisions, cookie);
    }

    /// <summary>The visitor's effective decisions; every optional category denied when Redis cannot answer.</summary>
    public async Task<ConsentDecisions> DecideAsync(
        string site, string visitor, SiteDefinition definition, ConsentSignals signals, CancellationToken cancellationToken)
    {
        try
        {
            var state = await store.GetAsync(site, visitor, cancellationToken);
            return Decisions(site, visitor, definition, state, signals, time.GetUtcNow());
        }
        catch (StoreUnavailableException ex)
        {
            if (_outageWarnings.ShouldLog(time.GetUtcNow(), out var suppressed))
            {
                Log.StoreUnavailable(logger, "consent read", suppressed == 0 ? ex.Message : $"{ex.Message} ({suppressed} more since the last warning)");
            }
            return new ConsentDecisions(site, visitor, null, null, signals, ConsentDecider.Unavailable(definition));
        }
    }

    /// <summary>The decisions a consent cookie states, or why it is refused.</summary>
    public TokenRejection Verify(
        string site, SiteDefinition definition, string? token, ConsentSignals signals, out ConsentDecisions? decisions)
    {
        decisions = null;
        var rejection = protector.TryUnprotect(site, token, out var payload);
        if (rejection == TokenRejection.Invalid && !redis.IsConnected)
        {
            // DataProtection keeps its last key ring when a reload fails and then reports the cookie's key as unknown:
            // with the key ring's Redis down, that is doubt, not a forgery.
            return TokenRejection.Unavailable;
        }
        if (rejection == TokenRejection.None)
        {
            // A token issued before the site's categories changed carries no usable choice: ask again.
            decisions = Decisions(site, payload!.Visitor, definition, payload.ToState(definition), signals, time.GetUtcNow());
        }
        return rejection;
    }

    private static ConsentDecisions Decisions(
        string site, string visitor, SiteDefinition definition, ConsentState? state, ConsentSignals signals, DateTimeOffset now) =>
        new(site, visitor, state?.PolicyVersion, state?.ExpiresAt, signals, ConsentDecider.DecideAll(definition, state, signals, now));

    private static string Truncate(string id) => id.Length <= 32 ? id : id[..32] + "…";
}
