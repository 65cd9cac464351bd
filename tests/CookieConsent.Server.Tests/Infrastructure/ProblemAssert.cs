using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>Checks that an answer is an RFC 9457 problem details body with the expected status.</summary>
public static class ProblemAssert
{
    public static async Task<ProblemBody> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}";
        Assert.AreEqual(status, response.StatusCode, $"{what} answered {(int)response.StatusCode}: {text}");
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, $"{what}: {text}");
        var problem = await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.ProblemBody);
        Assert.IsNotNull(problem, what);
        Assert.AreEqual((int)status, problem.Status, $"{what}: status in the body. {text}");
        Assert.IsFalse(string.IsNullOrWhiteSpace(problem.Title), $"{what}: a problem needs a title. {text}");
        return problem;
    }

    /// <summary>A 400 validation problem naming <paramref name="fields"/> among its errors.</summary>
    public static async Task<ProblemBody> IsValidationProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.IsNotNull(problem.Errors, "A validation problem lists its errors by field.");
        foreach (var field in fields)
        {
            Assert.IsTrue(problem.Errors.ContainsKey(field),
                $"Expected an error for '{field}'; got: {string.Join(", ", problem.Errors.Keys)}");
        }
        return problem;
    }
}
