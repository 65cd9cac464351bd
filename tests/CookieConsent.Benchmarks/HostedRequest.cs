using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CookieConsent.Benchmarks;

/// <summary>
/// One request as a server hands it to the application, without sockets: the context comes from the host's
/// <see cref="IHttpContextFactory"/> (request services scope included) and is disposed through it; one object serves
/// the request, response, body and lifetime features, as Kestrel's does; the response starts — OnStarting callbacks,
/// last registered first — on the first body write, or at the end of the pipeline when nothing was written; then the
/// OnCompleted callbacks run.
/// </summary>
internal sealed class HostedRequest : HttpRequestFeature, IHttpResponseFeature, IHttpResponseBodyFeature, IHttpRequestLifetimeFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
    private List<(Func<object, Task> Callback, object State)>? _completed;
    private readonly StartingStream _body;
    private PipeWriter? _writer;

    private HostedRequest()
    {
        _body = new StartingStream(this);
    }

    /// <summary>Runs <paramref name="pipeline"/> for a GET of <paramref name="path"/> with <paramref name="setHeaders"/>' headers.</summary>
    public static async Task<HttpContext> RunAsync(
        IHttpContextFactory contexts, RequestDelegate pipeline, string path, Action<IHeaderDictionary> setHeaders, bool dispose)
    {
        var request = new HostedRequest
        {
            Method = "GET",
            Scheme = "https",
            Path = path,
            Protocol = "HTTP/1.1",
        };
        var features = new FeatureCollection(8);
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(request);
        features.Set<IHttpResponseBodyFeature>(request);
        features.Set<IHttpRequestLifetimeFeature>(request);
        setHeaders(request.Headers);
        var context = contexts.Create(features);
        try
        {
            await pipeline(context).ConfigureAwait(false);
            await request.StartAsync(CancellationToken.None).ConfigureAwait(false);
            if (request._completed is { } completed)
            {
                for (var i = completed.Count - 1; i >= 0; i--)
                {
                    await completed[i].Callback(completed[i].State).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (dispose)
            {
                contexts.Dispose(context);
            }
        }
        return context;
    }

    // IHttpResponseFeature
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    IHeaderDictionary IHttpResponseFeature.Headers { get; set; } = new HeaderDictionary();

    Stream IHttpResponseFeature.Body { get => _body; set => throw new NotSupportedException(); }

    public bool HasStarted { get; private set; }

    public void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => (_completed ??= []).Add((callback, state));

    // IHttpResponseBodyFeature
    public Stream Stream => _body;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_body, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering()
    {
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }
        for (var i = _starting.Count - 1; i >= 0; i--)
        {
            await _starting[i].Callback(_starting[i].State).ConfigureAwait(false);
        }
        HasStarted = true;
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async Task CompleteAsync()
    {
        await StartAsync().ConfigureAwait(false);
        if (_writer is not null)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }
    }

    // IHttpRequestLifetimeFeature
    public CancellationToken RequestAborted { get; set; }

    public void Abort()
    {
    }

    /// <summary>The response body: discards what is written, after starting the response as a server does.</summary>
    private sealed class StartingStream(HostedRequest owner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous writes are off, as in Kestrel.");

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!owner.HasStarted)
            {
                await owner.StartAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
