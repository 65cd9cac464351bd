namespace CookieConsent.Core.Redis;

/// <summary>Redis did not answer in time or failed: the caller must fail closed.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
