using Microsoft.AspNetCore.Http.HttpResults;

namespace CookieConsent.Server.Api;

/// <summary>The API's problem details, one place for their wording.</summary>
internal static class Problems
{
    public static ProblemHttpResult SiteNotFound(string site) =>
        TypedResults.Problem($"There is no site '{site}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown site");

    public static ProblemHttpResult Unavailable() =>
        TypedResults.Problem("The consent store did not answer in time; the request may not have taken effect. Try again.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Consent store unavailable");

    public static ProblemHttpResult InvalidToken(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid consent token");

    public static ProblemHttpResult GlobalPrivacyControlConflict(IReadOnlyList<string> categories) =>
        TypedResults.Problem(
            $"The browser sends Global Privacy Control (Sec-GPC: 1), an opt-out of sale and sharing, but the choice allows {string.Join(", ", categories)}. "
            + "Tell the visitor about the conflict and send confirmedOverGlobalPrivacyControl: true only if they confirm. Nothing was stored.",
            statusCode: StatusCodes.Status409Conflict, title: "Conflicts with Global Privacy Control");

    public static ProblemHttpResult UnknownShown(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Unknown notice",
            Detail = "The receipt would name a notice revision, wording version or locale this server does not know, so it "
                + "could not reproduce what the visitor saw. Nothing was stored.",
        });

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
