using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Checking;

/// <summary>
/// Answers "may I track this visitor for this category?" for code that runs before or outside a page
/// (an analytics worker, a marketing export). The answer is <see langword="false"/> whenever it is not certain.
/// </summary>
public interface IConsentChecker
{
    /// <summary>
    /// Whether <paramref name="category"/> is allowed for <paramref name="visitorId"/> on the configured site, taking the
    /// visitor's current <paramref name="signals"/> into account. <see langword="false"/> on any doubt — timeout, server
    /// down, error answer, unknown visitor, unknown category, malformed answer — and the reason is logged. Throws only
    /// <see cref="OperationCanceledException"/>, and only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<bool> CanTrackAsync(string visitorId, string category, ConsentSignals signals, CancellationToken cancellationToken = default);
}
