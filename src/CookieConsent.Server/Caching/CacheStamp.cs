namespace CookieConsent.Server.Caching;

/// <summary>
/// The counters of <see cref="CacheCoherence"/> as they were when a read from Redis started. An entry keeps the stamp
/// of its read and is used only while the stamp is current, so a read that raced with a change never serves its result.
/// </summary>
/// <param name="Epoch">Bumped when the channel is lost.</param>
/// <param name="Sites">Bumped by every site-wide change.</param>
/// <param name="Stripe">The visitor's stripe, or -1 for an entry that depends on no visitor.</param>
/// <param name="Generation">The stripe's counter, bumped by every change of a visitor in it.</param>
internal readonly record struct CacheStamp(long Epoch, long Sites, int Stripe, long Generation);
