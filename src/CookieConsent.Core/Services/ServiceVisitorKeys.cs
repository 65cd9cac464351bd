using CookieConsent.Core.Redis;

namespace CookieConsent.Core.Services;

/// <summary>
/// The keys of one service-level visitor, all in the visitor's own slot (hash tag <c>{service:visitor}</c>) so one Lua
/// script updates them together.
/// </summary>
internal static class ServiceVisitorKeys
{
    /// <summary>The visitor's receipts, oldest first (a list of receipt JSON, each linked to the one before it).</summary>
    public static string Receipts(string service, string visitor) => $"cc:svc:{{{service}:{visitor}}}:receipts";

    /// <summary>The chain's head and the state it leads to (<see cref="ServiceVisitorHead"/> as JSON).</summary>
    public static string Head(string service, string visitor) => $"cc:svc:{{{service}:{visitor}}}:head";

    /// <summary>The single opt-out record of the layout before chains: read as "opted out", deleted on the next change.</summary>
    public static string Legacy(string service, string visitor) => Keys.ServiceOptOut(service, visitor);
}
