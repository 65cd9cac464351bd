using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Server.Caching;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Core.Wording;
using CookieConsent.Client.Decisions;
using CookieConsent.Protection;
using CookieConsent.Client.Tokens;
using StackExchange.Redis;

namespace CookieConsent.Server.Consent;

/// <summary>
/// Records choices and answers "allowed?" for the API and the hosted pages alike, so both follow one path:
/// validate, prepare, protect the cookie, then store; read with a fail-closed fallback.
/// </summary>
internal sealed class ConsentRecorder(
    ConsentStore store, SiteStore sites, WordingStore wordings, ConsentTokenProtector protector, IConnectionMultiplexer redis,
    TimeProvider time, ILogger<ConsentRecorder> logger, TokenVerificationCache verified)
{
    /// <summary>How long a browser keeps a consent cookie that holds a refusal (browsers cap cookies at about 400 days).</summary>
    public static readonly TimeSpan RefusalCookieLifetime = TimeSpan.FromDays(400);

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

    /// <summary>
    /// The sale-or-sharing categories a choice allows while the request carries <c>Sec-GPC: 1</c> on a site that honours
    /// it, unless the visitor confirmed after being told about the conflict (empty when there is no conflict).
    /// </summary>
    public static IReadOnlyList<string> GlobalPrivacyControlConflicts(
        SiteDefinition definition, RecordConsentRequest request, ConsentSignals signals) =>
        signals.GlobalPrivacyControl && definition.HonorGlobalPrivacyControl && !request.ConfirmedOverGlobalPrivacyControl
            ? definition.Categories.Where(c => c.SaleOrSharing && request.Choices.GetValueOrDefault(c.Id)).Select(c => c.Id).ToList()
            : [];

    /// <summary>
    /// Validation errors (empty when valid) of what a caller says was shown: a revision of this site and a wording
    /// version some server ran with, a locale the built-in wording has.
    /// </summary>
    /// <exception cref="StoreUnavailableException">Redis failed.</exception>
    public async Task<Dictionary<string, string[]>> ValidateShownAsync(string site, ConsentShown? shown, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (shown is null)
        {
            return errors;
        }
        if (shown.Revision is { } revision && !await sites.HasRevisionAsync(site, revision, cancellationToken))
        {
            errors["shown.revision"] = ["The site has no notice revision of that hash (GET /v1/sites/{site}/revisions lists them)."];
        }
        if (shown.Wording is { } wording && !await wordings.IsKnownAsync(wording, cancellationToken))
        {
            errors["shown.wording"] = ["No server has run with that wording version."];
        }
        if (shown.Locale is { } locale && !Pages.BuiltInStrings.Locales.Contains(locale, StringComparer.Ordinal))
        {
            errors["shown.locale"] = [$"One of {string.Join(", ", Pages.BuiltInStrings.Locales)}."];
        }
        return errors;
    }

    /// <summary>
    /// Stores a valid choice and returns the receipt, decisions and signed cookie: the one way a receipt of a choice is
    /// written (API, hosted pages, services). <paramref name="request"/>'s <see cref="RecordConsentRequest.Shown"/> must
    /// be validated (<see cref="ValidateShownAsync"/>); without a revision the current one is recorded.
    /// </summary>
    /// <exception cref="StoreUnavailableException">Nothing was acknowledged.</exception>
    public async Task<RecordConsentResponse> RecordAsync(
        string site, string visitor, SiteDefinition definition, RecordConsentRequest request, ConsentSignals signals,
        bool secureCookie, CancellationToken cancellationToken)
    {
        var revision = request.Shown?.Revision ?? await sites.EnsureRevisionAsync(site, definition, cancellationToken);
        return await StoreAsync(site, visitor, definition, store.Prepare(site, visitor, definition, request, signals, revision),
            signals, secureCookie, cancellationToken);
    }

    /// <summary>
    /// Records <c>Sec-GPC: 1</c> as the visitor's opt-out of every sale-or-sharing category (once: when they are all
    /// refused already nothing new is written) and returns the visitor's consent with a cookie that carries it.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The state could not be read, or the receipt was not acknowledged.</exception>
    public async Task<RecordConsentResponse> RecordSignalAsync(
        string site, string visitor, SiteDefinition definition, ConsentSignals signals, bool secureCookie,
        CancellationToken cancellationToken)
    {
        // A site saved before revisions gets its revision now, so the signal's receipt names a stored one.
        var revision = await sites.EnsureRevisionAsync(site, definition, cancellationToken);
        // The opt-out is prepared from the state the write finds (one round trip when this instance knows it), and the
        // cookie protected before anything is stored: with the key ring unreachable nothing is written.
        string? token = null;
        PreparedConsent? prepared = null;
        var (stored, current) = await store.PrepareAndWriteAsync(site, visitor, state =>
        {
            prepared = store.PrepareSignalOptOut(site, visitor, definition, state, signals, revision);
            token = prepared is null ? null : Protect(site, visitor, definition, prepared.State);
            return prepared;
        }, cancellationToken);
        if (stored is null)
        {
            // Already recorded: hand back the stored consent and a cookie for it.
            return Answer(site, visitor, definition, current!, Protect(site, visitor, definition, current!), signals, secureCookie);
        }
        Log.GlobalPrivacyControlRecorded(logger, site);
        return Answer(site, visitor, definition, prepared!.State, token!, signals, secureCookie);
    }

    /// <summary>Stores a consent prepared elsewhere (a service's decision) and returns its receipt, decisions and cookie.</summary>
    /// <exception cref="StoreUnavailableException">Nothing was acknowledged.</exception>
    public Task<RecordConsentResponse> RecordPreparedAsync(
        string site, string visitor, SiteDefinition definition, PreparedConsent prepared, CancellationToken cancellationToken) =>
        StoreAsync(site, visitor, definition, prepared, ConsentSignals.None, secureCookie: true, cancellationToken);

    /// <summary>The visitor's stored consent with a fresh cookie for it (a hosted choice handed back to its site).</summary>
    /// <exception cref="StoreUnavailableException">The key ring is unavailable.</exception>
    public RecordConsentResponse Current(string site, string visitor, SiteDefinition definition, ConsentState state) =>
        Answer(site, visitor, definition, state, Protect(site, visitor, definition, state), ConsentSignals.None, secureCookie: true);

    private async Task<RecordConsentResponse> StoreAsync(
        string site, string visitor, SiteDefinition definition, PreparedConsent prepared, ConsentSignals signals,
        bool secureCookie, CancellationToken cancellationToken)
    {
        // Protect before storing: if the key ring is unreachable, nothing is written and the caller gets 503.
        var token = Protect(site, visitor, definition, prepared.State);
        await store.WriteAsync(prepared, cancellationToken);
        return Answer(site, visitor, definition, prepared.State, token, signals, secureCookie);
    }

    private string Protect(string site, string visitor, SiteDefinition definition, ConsentState state)
    {
        try
        {
            return protector.Protect(ConsentTokenPayload.From(site, visitor, definition, state));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new StoreUnavailableException("The key ring is unavailable.", ex);
        }
    }

    private RecordConsentResponse Answer(
        string site, string visitor, SiteDefinition definition, ConsentState state, string token, ConsentSignals signals,
        bool secureCookie)
    {
        var now = time.GetUtcNow();
        // A refusal never lapses, so its cookie lives as long as a browser keeps one (and is renewed on visits).
        var lifetime = state.Choices.Values.Any(allowed => !allowed)
            ? RefusalCookieLifetime
            : state.ExpiresAt - now;
        var cookie = new ConsentCookie(
            definition.CookieName, token, definition.CookieDomain, "/",
            (int)Math.Max(0, lifetime.TotalSeconds), HttpOnly: true, Secure: secureCookie, SameSite: "Lax");
        return new RecordConsentResponse(state.ReceiptId, state, Decisions(site, visitor, definition, state, signals, now), cookie);
    }

    /// <summary>
    /// The visitor's effective decisions; every optional category denied when Redis cannot answer. A <c>Sec-GPC: 1</c>
    /// the site honours is recorded as the visitor's opt-out, so it outlives the request.
    /// </summary>
    /// <returns>The decisions, the state they were made from, and whether they may be cached: the state was read, and
    /// no signal is left to record (a failed record is retried by the next request, so its answer is not kept).</returns>
    public async Task<(ConsentDecisions Decisions, ConsentState? State, bool Cacheable)> DecideAsync(
        string site, string visitor, SiteDefinition definition, ConsentSignals signals, CancellationToken cancellationToken)
    {
        try
        {
            var state = await store.GetAsync(site, visitor, cancellationToken);
            var cacheable = !(signals.GlobalPrivacyControl && definition.HonorGlobalPrivacyControl)
                || store.PrepareSignalOptOut(site, visitor, definition, state, signals, sites.RevisionOf(definition)) is null;
            state = await RecordSignalIfNewAsync(site, visitor, definition, state, signals, cancellationToken);
            return (Decisions(site, visitor, definition, state, signals, time.GetUtcNow()), state, cacheable);
        }
        catch (StoreUnavailableException ex)
        {
            WarnUnavailable("consent read", ex);
            return (new ConsentDecisions(site, visitor, null, null, signals, ConsentDecider.Unavailable(definition), NeedsChoice: false), null, false);
        }
    }

    /// <summary>
    /// The decisions a consent cookie states, or why it is refused. A cookie issued before the visitor was erased
    /// states only its refusals and those the erasure kept; an authentic but expired cookie still states its refusals.
    /// </summary>
    /// <returns><see cref="TokenRejection.None"/> with the decisions, or why there are none; with the cache entry and the
    /// state the decisions were made from when everything was established (not when Redis failed).</returns>
    public async Task<(TokenRejection Rejection, ConsentDecisions? Decisions, TokenVerificationCache.Verified? Entry, ConsentState? State)> VerifyAsync(
        string site, SiteDefinition definition, string? token, ConsentSignals signals, CancellationToken cancellationToken)
    {
        // A cookie verified before, whose visitor has not changed since, needs neither unprotecting nor a read.
        var known = token is null ? null : verified.Find(site, token);
        var payload = known?.Payload;
        if (known is null)
        {
            var rejection = protector.TryUnprotect(site, token, out payload);
            if (rejection == TokenRejection.Invalid && !redis.IsConnected)
            {
                // DataProtection keeps its last key ring when a reload fails and then reports the cookie's key as unknown:
                // with the key ring's Redis down, that is doubt, not a forgery.
                return (TokenRejection.Unavailable, null, null, null);
            }
            if (rejection is not (TokenRejection.None or TokenRejection.Expired))
            {
                return (rejection, null, null, null);
            }
        }
        // What the cookie, the erasure record and later refusals make of it is kept with the entry, per definition.
        var state = known?.EffectiveUnder(definition);
        var computed = state is null;
        // Null only for a version 1 cookie issued before the site's categories changed: nothing can be established.
        state ??= payload!.ToState(definition);
        if (state is null)
        {
            return (TokenRejection.Invalid, null, null, null);
        }
        try
        {
            known ??= await verified.ReadAsync(site, token!, payload!, cancellationToken);
            var (stored, erased) = (known.Stored, known.Erased);
            if (computed)
            {
                if (erased is not null && payload!.IssuedAt < erased.ErasedAt)
                {
                    state = erased.Restrict(state);
                }
                if (stored is not null && stored.GivenAt >= payload!.IssuedAt)
                {
                    // A refusal recorded after the cookie was issued (e.g. a signal seen elsewhere) wins over the cookie.
                    state = WithLaterRefusals(state, stored);
                }
                known.Remember(definition, state);
            }
            if (signals.GlobalPrivacyControl && definition.HonorGlobalPrivacyControl)
            {
                var current = stored ?? (erased is { Refusals.Count: > 0 } ? erased.ToState() : null) ?? state;
                if (await RecordSignalIfNewAsync(site, payload!.Visitor, definition, current, signals, cancellationToken) is { } recorded
                    && !ReferenceEquals(recorded, current))
                {
                    state = WithLaterRefusals(state, recorded);
                }
            }
        }
        catch (StoreUnavailableException ex)
        {
            // Whether the visitor was erased (or opted out by a signal) since the cookie was issued cannot be checked:
            // the cookie's refusals still stand, nothing else is allowed.
            WarnUnavailable("token verification", ex);
            var unsure = Decisions(site, payload!.Visitor, definition, state, signals, time.GetUtcNow());
            return (TokenRejection.None, unsure with
            {
                Categories = [.. unsure.Categories.Select(d => d is { Allowed: true, Reason: not DecisionReason.Required }
                    ? d with { Allowed = false, Reason = DecisionReason.Unavailable }
                    : d)],
                NeedsChoice = false,
            }, null, null);
        }
        return (TokenRejection.None, Decisions(site, payload!.Visitor, definition, state, signals, time.GetUtcNow()), known, state);
    }

    private static ConsentState WithLaterRefusals(ConsentState state, ConsentState later)
    {
        var choices = new Dictionary<string, bool>(state.Choices, StringComparer.Ordinal);
        var refusals = state.Choices.Where(c => !c.Value).ToDictionary(c => c.Key, c => state.RefusalOf(c.Key)!, StringComparer.Ordinal);
        foreach (var (category, allowed) in later.Choices)
        {
            if (!allowed && choices.GetValueOrDefault(category, true))
            {
                choices[category] = false;
                refusals[category] = later.RefusalOf(category)!;
            }
        }
        return state with { Choices = choices, Refusals = refusals };
    }

    /// <summary>
    /// Records an honoured <c>Sec-GPC: 1</c> as the visitor's opt-out when it is not recorded yet; returns the state
    /// that now applies (unchanged when there was nothing to record or the write failed: the signal still denies).
    /// </summary>
    internal async Task<ConsentState?> RecordSignalIfNewAsync(
        string site, string visitor, SiteDefinition definition, ConsentState? state, ConsentSignals signals,
        CancellationToken cancellationToken)
    {
        if (!signals.GlobalPrivacyControl || !definition.HonorGlobalPrivacyControl
            || store.PrepareSignalOptOut(site, visitor, definition, state, signals, sites.RevisionOf(definition)) is not { } prepared)
        {
            return state;
        }
        try
        {
            // A site saved before revisions gets its revision now, so the signal's receipt names a stored one.
            await sites.EnsureRevisionAsync(site, definition, cancellationToken);
            await store.WriteAsync(prepared, cancellationToken);
            Log.GlobalPrivacyControlRecorded(logger, site);
            return prepared.State;
        }
        catch (StoreUnavailableException ex)
        {
            // The signal still denies for this request; it is recorded on the next one.
            WarnUnavailable("signal record", ex);
            return state;
        }
    }

    private void WarnUnavailable(string operation, StoreUnavailableException ex)
    {
        if (_outageWarnings.ShouldLog(time.GetUtcNow(), out var suppressed))
        {
            Log.StoreUnavailable(logger, operation, suppressed == 0 ? ex.Message : $"{ex.Message} ({suppressed} more since the last warning)");
        }
    }

    private static ConsentDecisions Decisions(
        string site, string visitor, SiteDefinition definition, ConsentState? state, ConsentSignals signals, DateTimeOffset now) =>
        new(site, visitor, state?.PolicyVersion, state?.ExpiresAt, signals, ConsentDecider.DecideAll(definition, state, signals, now),
            ConsentDecider.NeedsChoice(definition, state, now));

    private static string Truncate(string id) => id.Length <= 32 ? id : id[..32] + "…";
}
