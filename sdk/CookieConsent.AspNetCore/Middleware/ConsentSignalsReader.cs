using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Http;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>Reads the privacy signals a browser sends: <c>DNT: 1</c> and <c>Sec-GPC: 1</c> (any other value is no signal).</summary>
internal static class ConsentSignalsReader
{
    public const string DoNotTrackHeader = "DNT";
    public const string GlobalPrivacyControlHeader = "Sec-GPC";

    public static ConsentSignals Read(IHeaderDictionary headers) => new(
        IsOne(headers[DoNotTrackHeader]),
        IsOne(headers[GlobalPrivacyControlHeader]));

    private static bool IsOne(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 1 && values[0] is { } value && value.AsSpan().Trim().SequenceEqual("1");
}
