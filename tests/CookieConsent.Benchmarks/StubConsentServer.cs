using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Benchmarks;

/// <summary>
/// Answers the two calls the middleware makes (policy, tokens/verify) in memory with fixed, pre-serialised bodies, so
/// the benchmark measures the SDK's own work — HttpClient pipeline, resilience handler, JSON — and no network or
/// server time. It reads each request body as a server would, so the client really serialises it.
/// </summary>
internal sealed class StubConsentServer : HttpMessageHandler
{
    private readonly byte[] _policy;
    private readonly byte[] _decisions;
    private int _verifyCalls;

    public StubConsentServer(PolicyResponse policy, ConsentDecisions decisions)
    {
        _policy = JsonSerializer.SerializeToUtf8Bytes(policy, ConsentJsonContext.Default.PolicyResponse);
        _decisions = JsonSerializer.SerializeToUtf8Bytes(decisions, ConsentJsonContext.Default.ConsentDecisions);
    }

    public int VerifyCalls => Volatile.Read(ref _verifyCalls);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        var path = request.RequestUri!.AbsolutePath;
        byte[]? body = null;
        if (request.Method == HttpMethod.Get && path.EndsWith("/policy", StringComparison.Ordinal))
        {
            body = _policy;
        }
        else if (request.Method == HttpMethod.Post && path.EndsWith("/tokens/verify", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _verifyCalls);
            body = _decisions;
        }
        if (body is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        }
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
