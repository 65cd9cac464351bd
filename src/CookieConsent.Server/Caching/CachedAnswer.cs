namespace CookieConsent.Server.Caching;

/// <summary>
/// A response body serialised once (UTF-8 JSON, exactly as the endpoint would write it) and when it stops being valid.
/// </summary>
/// <remarks>
/// About 600 B for a six-category site, most of it the body. The answer depends on the site definition (one revision),
/// the visitor's data (the stamp) and the clock: <see cref="Until"/> is the earliest of the entry's lifetime and the
/// moment the decision rule would answer differently by time alone (a grant expiring, a scheduled policy version, a
/// refusal's re-ask time), so a cached "yes" never outlives its expiry.
/// </remarks>
internal sealed class CachedAnswer(byte[] body, string revision, CacheStamp stamp, DateTimeOffset until)
{
    private readonly long _untilUtcTicks = until.UtcTicks;

    /// <summary>The serialised answer.</summary>
    public byte[] Body { get; } = body;

    /// <summary>The revision (content hash) of the site definition it was decided under.</summary>
    public string Revision { get; } = revision;

    /// <summary>The coherence stamp of the read it came from.</summary>
    public CacheStamp Stamp { get; } = stamp;

    /// <summary>The instant from which it must not be served.</summary>
    public DateTimeOffset Until => new(_untilUtcTicks, TimeSpan.Zero);

    /// <summary>Whether it may be served at <paramref name="now"/> for a definition of <paramref name="revision"/>.</summary>
    public bool IsUsable(string revision, DateTimeOffset now, CacheCoherence coherence) =>
        now.UtcTicks < _untilUtcTicks
        && (ReferenceEquals(revision, Revision) || string.Equals(revision, Revision, StringComparison.Ordinal))
        && coherence.IsCurrent(Stamp);
}
