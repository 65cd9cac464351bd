using CookieConsent.Client.Contracts;

namespace CookieConsent.Core.Consent;

/// <summary>A choice ready to be stored: its receipt, the resulting state, and how long the state's grants last.</summary>
public sealed record PreparedConsent(ConsentReceipt Receipt, ConsentState State, TimeSpan Lifetime);
