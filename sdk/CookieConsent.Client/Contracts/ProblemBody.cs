namespace CookieConsent.Client.Contracts;

/// <summary>An RFC 9457 problem details body as the API sends it.</summary>
/// <param name="Type">A URI naming the problem type.</param>
/// <param name="Title">Short summary.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="Detail">What went wrong in this case.</param>
/// <param name="Errors">Validation errors by field, when the problem is a validation problem.</param>
public sealed record ProblemBody(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    IReadOnlyDictionary<string, string[]>? Errors = null);
