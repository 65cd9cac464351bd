using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Http;

// A signal is forwarded as the browser sent it ("1"); without it the header is left out, never sent as "0".
internal static class ConsentHeaders
{
    public static string? DoNotTrack(ConsentSignals signals) => signals.DoNotTrack ? "1" : null;

    public static string? GlobalPrivacyControl(ConsentSignals signals) => signals.GlobalPrivacyControl ? "1" : null;
}
