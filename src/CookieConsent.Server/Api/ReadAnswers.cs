using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;
using CookieConsent.Client.Tokens;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Caching;
using CookieConsent.Server.Consent;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Api;

/// <summary>
/// The bodies of the two read endpoints (<c>GET .../consent</c>, <c>tokens/verify</c>): from the cache when a current
/// answer was serialised before, otherwise decided by <see cref="ConsentRecorder"/>, serialised with the API's own JSON
/// options (so the bytes are those <c>Ok&lt;T&gt;</c> would write), and kept until the answer could change.
/// </summary>
internal sealed class ReadAnswers(
    ConsentRecorder recorder, ConsentAnswerCache answers, TokenVerificationCache verified, CacheCoherence coherence,
    SiteStore sites, TimeProvider time, IOptions<JsonOptions> json)
{
    private readonly JsonTypeInfo<ConsentDecisions> _decisionsJson =
        (JsonTypeInfo<ConsentDecisions>)json.Value.SerializerOptions.GetTypeInfo(typeof(ConsentDecisions));

    /// <summary>The visitor's decisions, serialised; every optional category denied when Redis cannot answer.</summary>
    public async ValueTask<byte[]> ConsentAsync(
        string site, string visitor, SiteDefinition definition, ConsentSignals signals, CancellationToken cancellationToken)
    {
        var revision = sites.RevisionOf(definition);
        if (answers.Find(site, visitor, signals, revision) is { } cached)
        {
            return cached;
        }
        // The stamp before the read, so a change that lands meanwhile keeps this answer out of the cache.
        var trusted = answers.TryBegin(site, visitor, out var stamp);
        var now = time.GetUtcNow();
        var (decisions, state, cacheable) = await recorder.DecideAsync(site, visitor, definition, signals, cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(decisions, _decisionsJson);
        if (trusted && cacheable)
        {
            var until = ConsentDecider.StableUntil(definition, state, now, answers.LatestUntil(now));
            answers.Keep(site, visitor, signals, new CachedAnswer(body, revision, stamp, until));
        }
        return body;
    }

    /// <summary>A consent cookie's decisions, serialised, or why there are none (<see cref="ConsentRecorder.VerifyAsync"/>).</summary>
    public async ValueTask<(TokenRejection Rejection, byte[]? Body)> VerifyAsync(
        string site, SiteDefinition definition, string token, ConsentSignals signals, CancellationToken cancellationToken)
    {
        // Only the answer without signals is kept: with them the rule may also record a signal.
        var plain = signals == ConsentSignals.None;
        var revision = sites.RevisionOf(definition);
        var now = time.GetUtcNow();
        if (plain && verified.Find(site, token)?.AnswerFor(revision, now, coherence) is { } cached)
        {
            return (TokenRejection.None, cached);
        }
        var (rejection, decisions, entry, state) = await recorder.VerifyAsync(site, definition, token, signals, cancellationToken);
        if (rejection != TokenRejection.None)
        {
            return (rejection, null);
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(decisions!, _decisionsJson);
        if (plain && entry is not null)
        {
            var until = ConsentDecider.StableUntil(definition, state, now, entry.Until);
            entry.RememberAnswer(new CachedAnswer(body, revision, entry.Stamp, until));
        }
        return (TokenRejection.None, body);
    }
}
