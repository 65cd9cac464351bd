using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace CookieConsent.Client.Http;

/// <summary>
/// The resilience pipeline both clients run on, built from Microsoft.Extensions.Http.Resilience's HTTP strategies.
/// Outermost first: circuit breaker → total timeout → retry (reads only) → attempt timeout.
/// </summary>
/// <remarks>
/// The breaker sits outside the total timeout, unlike the library's standard pipeline: there a call that runs out of its
/// total budget reaches the breaker as a cancellation, not a failure, so a server that hangs on writes (recording a
/// choice, verifying a cookie) would never open the circuit. Here every call that ends without an answer counts.
/// </remarks>
internal static class ConsentResilience
{
    // Below 30 s a burst of failures on a quiet site would be forgotten before it could open the circuit.
    private static readonly TimeSpan s_sampling = TimeSpan.FromSeconds(30);

    public static void Build(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline, TimeSpan total, TimeSpan attempt, int retries,
        double failureRatio, int minimumThroughput, TimeSpan breakDuration)
    {
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = failureRatio,
            MinimumThroughput = minimumThroughput,
            BreakDuration = breakDuration,
            SamplingDuration = s_sampling,
        });

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = total });

        if (retries > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                UseJitter = true,
                // The budget is a couple of seconds: a Retry-After beyond it would only spend the caller's time.
                ShouldRetryAfterHeader = false,
            };
            // A write (recording consent, erasing a visitor, creating a key) repeated after an unclear failure could
            // happen twice; only reads are retried.
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
        }

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            Timeout = attempt,
            // A write is sent once, so its only attempt may use the whole budget.
            TimeoutGenerator = args => new ValueTask<TimeSpan>(IsRead(args.Context.GetRequestMessage()) ? attempt : total),
        });
    }

    private static bool IsRead(HttpRequestMessage? request) =>
        request is null || request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
}
