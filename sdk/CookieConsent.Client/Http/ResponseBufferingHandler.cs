namespace CookieConsent.Client.Http;

/// <summary>
/// Reads each answer's body inside the attempt, under the pipeline's timeouts: Refit reads bodies after the headers
/// have come back, so without this a server that sends headers and then stalls would hold the caller past them.
/// Our answers are small JSON documents.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
