using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Http;

/// <summary>The API answered with an error; carries its problem details.</summary>
public sealed class ConsentApiException : Exception
{
    /// <summary>Creates the exception from a status and a problem body.</summary>
    public ConsentApiException(int status, ProblemBody? problem)
        : base($"CookieConsent API answered {status}: {problem?.Title ?? "no problem details"}{(problem?.Detail is { } d ? " — " + d : "")}")
    {
        Status = status;
        Title = problem?.Title;
        Detail = problem?.Detail;
        Type = problem?.Type;
        Errors = problem?.Errors;
    }

    /// <summary>HTTP status code.</summary>
    public int Status { get; }

    /// <summary>Problem title.</summary>
    public string? Title { get; }

    /// <summary>Problem detail.</summary>
    public string? Detail { get; }

    /// <summary>Problem type URI.</summary>
    public string? Type { get; }

    /// <summary>Validation errors by field, if any.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }
}
