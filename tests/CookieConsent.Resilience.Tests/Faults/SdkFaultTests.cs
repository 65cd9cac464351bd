using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CookieConsent.AspNetCore.Features;
using CookieConsent.Client.Checking;
using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Resilience.Tests.Faults;

/// <summary>
/// A client site using the SDK against consent servers that are stopped, hang, or answer garbage, all real sockets on
/// loopback: every optional category is denied, the page still renders, and nothing waits longer than the client's
/// timeout — not even 200 requests at once (awaiting, not blocking, threads).
/// </summary>
[TestClass]
public sealed class SdkFaultTests
{
    private const string Site = "sdk-faults";
    private const string CookieName = "cc_consent";
    private static readonly string[] Categories = ["necessary", "analytics", "marketing"];
    private static readonly string[] Optional = ["analytics", "marketing"];

    // The overall bound of one SDK call, retries included; the attempt timeout lets a retry happen inside it.
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    // Two shared cores running other tests too: the margin covers scheduling, not the SDK.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    public enum Fault
    {
        /// <summary>A free port with nothing listening.</summary>
        Stopped,

        /// <summary>Accepts connections, reads the request, never answers, keeps the socket open.</summary>
        Hanging,

        /// <summary>200 OK, application/json, an HTML body.</summary>
        NotJson,

        /// <summary>200 OK, application/json, a JSON document cut off half-way (Content-Length matches what is sent).</summary>
        TruncatedJson,

        /// <summary>200 OK, application/json, well-formed JSON of the wrong shape.</summary>
        WrongShapeJson,

        /// <summary>200 OK, application/json, random bytes as the body.</summary>
        RandomBody,

        /// <summary>Random bytes instead of an HTTP answer.</summary>
        RandomBytes,
    }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(Fault.Stopped)]
    [DataRow(Fault.Hanging)]
    [DataRow(Fault.NotJson)]
    [DataRow(Fault.TruncatedJson)]
    [DataRow(Fault.WrongShapeJson)]
    [DataRow(Fault.RandomBody)]
    [DataRow(Fault.RandomBytes)]
    public async Task BadServer_PageRendersWithEveryOptionalCategoryDenied(Fault fault)
    {
        var ct = TestContext.CancellationToken;
        await using var server = BadConsentServer.Start(fault, servePolicy: false);
        await using var site = await SdkSite.StartAsync(server.BaseAddress);
        using var client = NewClient();

        foreach (var cookie in new[] { null, ForgedCookie() })
        {
            var page = await GetPageAsync(client, site, cookie, ct);

            Assert.AreEqual(HttpStatusCode.OK, page.Status, page.Body);
            Assert.IsTrue(page.Rendered, page.Body);
            // No policy: no categories to decide on, nothing to ask about, and nothing optional allowed.
            Assert.IsFalse(page.DefinitionLoaded, page.Body);
            Assert.IsEmpty(page.Decisions, page.Body);
            foreach (var category in Categories)
            {
                Assert.IsFalse(page.Allowed[category], $"{category} with cookie={cookie is not null}: {page.Body}");
            }
            Assert.IsLessThan(ClientTimeout + Margin, page.Elapsed, "page time");
        }
    }

    [TestMethod]
    [DataRow(Fault.Stopped)]
    [DataRow(Fault.Hanging)]
    [DataRow(Fault.NotJson)]
    [DataRow(Fault.TruncatedJson)]
    [DataRow(Fault.WrongShapeJson)]
    [DataRow(Fault.RandomBody)]
    [DataRow(Fault.RandomBytes)]
    public async Task BadServerAfterPolicyLoaded_ForgedCookieDeniedAsUnavailable_PageRenders(Fault fault)
    {
        // The site got its policy while the server was fine; then verification meets the fault.
        var ct = TestContext.CancellationToken;
        await using var server = BadConsentServer.Start(fault, servePolicy: true);
        await using var site = await SdkSite.StartAsync(server.BaseAddress);
        using var client = NewClient();

        var fresh = await GetPageAsync(client, site, null, ct);
        Assert.AreEqual(HttpStatusCode.OK, fresh.Status, fresh.Body);
        Assert.IsTrue(fresh.DefinitionLoaded, "the policy was served: " + fresh.Body);
        AssertRequiredOnly(fresh, DecisionReason.NoConsent);
        if (fault == Fault.Stopped)
        {
            server.StopListening();
        }

        var forged = await GetPageAsync(client, site, ForgedCookie(), ct);
        Assert.AreEqual(HttpStatusCode.OK, forged.Status, forged.Body);
        AssertRequiredOnly(forged, DecisionReason.Unavailable);
        Assert.IsLessThan(ClientTimeout + Margin, forged.Elapsed, "page time with a cookie to verify");
        if (fault != Fault.Stopped)
        {
            Assert.IsGreaterThan(0, server.Requests(path => path.EndsWith("/tokens/verify", StringComparison.Ordinal)),
                "the cookie was sent to the server for verification");
        }

        // Without a cookie nothing needs the server: the policy is cached and the page is as before.
        var again = await GetPageAsync(client, site, null, ct);
        AssertRequiredOnly(again, DecisionReason.NoConsent);
    }

    [TestMethod]
    [DataRow(Fault.Stopped)]
    [DataRow(Fault.Hanging)]
    [DataRow(Fault.NotJson)]
    [DataRow(Fault.TruncatedJson)]
    [DataRow(Fault.WrongShapeJson)]
    [DataRow(Fault.RandomBody)]
    [DataRow(Fault.RandomBytes)]
    public async Task BadServer_CanTrackIsFalse_WithoutThrowing_WithinTimeout(Fault fault)
    {
        var ct = TestContext.CancellationToken;
        await using var server = BadConsentServer.Start(fault, servePolicy: false);
        var services = new ServiceCollection().AddLogging();
        services.AddCookieConsentClient(options =>
        {
            options.ServerUrl = server.BaseAddress.ToString();
            options.SiteId = Site;
            options.ApiKey = "ck_forged_key";
            options.Timeout = ClientTimeout;
            options.AttemptTimeout = AttemptTimeout;
        });
        await using var provider = services.BuildServiceProvider();
        var checker = provider.GetRequiredService<IConsentChecker>();

        foreach (var category in Categories)
        {
            var watch = Stopwatch.StartNew();
            Assert.IsFalse(await checker.CanTrackAsync(ConsentIds.NewVisitorId(), category, ConsentSignals.None, ct), category);
            Assert.IsLessThan(ClientTimeout + Margin, watch.Elapsed, "check time");
        }
        if (fault != Fault.Stopped)
        {
            Assert.IsGreaterThan(0, server.Requests(path => path.EndsWith("/consent", StringComparison.Ordinal)), "the checks reached the server");
        }
    }

    [TestMethod]
    [DataRow(false, DisplayName = "policy fetch hangs")]
    [DataRow(true, DisplayName = "policy served, 200 distinct cookie verifications hang")]
    public async Task HangingServer_200ConcurrentPageRequests_AllRenderDeniedWithinClientTimeout(bool policyServed)
    {
        const int requests = 200;
        var ct = TestContext.CancellationToken;
        await using var server = BadConsentServer.Start(Fault.Hanging, servePolicy: policyServed);
        await using var site = await SdkSite.StartAsync(server.BaseAddress);
        using var client = NewClient();
        if (policyServed)
        {
            var warm = await GetPageAsync(client, site, null, ct);
            Assert.IsTrue(warm.DefinitionLoaded, warm.Body);
        }

        // Each request carries its own cookie, so none is answered from the verification cache: with the policy
        // served, all 200 wait on their own hanging call at the same time.
        var watch = Stopwatch.StartNew();
        var pages = await Task.WhenAll(Enumerable.Range(0, requests)
            .Select(_ => GetPageAsync(client, site, ForgedCookie(), ct)));
        var batch = watch.Elapsed;

        foreach (var page in pages)
        {
            Assert.AreEqual(HttpStatusCode.OK, page.Status, page.Body);
            Assert.IsTrue(page.Rendered, page.Body);
            foreach (var category in Optional)
            {
                Assert.IsFalse(page.Allowed[category], page.Body);
            }
            if (policyServed)
            {
                AssertRequiredOnly(page, DecisionReason.Unavailable);
            }
        }
        Assert.IsLessThan(ClientTimeout + Margin, batch, $"all {requests} requests (slowest {pages.Max(p => p.Elapsed)})");
        if (policyServed)
        {
            Assert.IsGreaterThanOrEqualTo(requests, server.Requests(path => path.EndsWith("/tokens/verify", StringComparison.Ordinal)),
                "every request's verification reached the hanging server");
        }
        TestContext.WriteLine($"{requests} requests in {batch.TotalMilliseconds:0} ms, slowest {pages.Max(p => p.Elapsed).TotalMilliseconds:0} ms, "
            + $"hung connections seen {server.Connections}, pool threads {ThreadPool.ThreadCount}");
    }

    private static void AssertRequiredOnly(Page page, DecisionReason optionalReason)
    {
        Assert.IsTrue(page.Rendered, page.Body);
        CollectionAssert.AreEqual(
            new[] { $"necessary True {DecisionReason.Required}", $"analytics False {optionalReason}", $"marketing False {optionalReason}" },
            page.Decisions.ToArray(), page.Body);
        Assert.IsTrue(page.Allowed["necessary"], page.Body);
        Assert.IsFalse(page.Allowed["analytics"], page.Body);
        Assert.IsFalse(page.Allowed["marketing"], page.Body);
    }

    // Looks like a DataProtection payload (base64url, magic header) but no key made it.
    private static string ForgedCookie()
    {
        var bytes = RandomNumberGenerator.GetBytes(160);
        bytes[0] = 0x09;
        bytes[1] = 0xF0;
        bytes[2] = 0xC9;
        bytes[3] = 0xF0;
        return Base64Url.EncodeToString(bytes);
    }

    private static HttpClient NewClient() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseCookies = false })
    {
        // Far above anything the SDK should take: a hang shows up as a failed bound, not a stuck test.
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async Task<Page> GetPageAsync(HttpClient client, SdkSite site, string? cookie, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(site.BaseAddress, "page"));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{CookieName}={cookie}");
        }
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var elapsed = watch.Elapsed;
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new Page(
            response.StatusCode,
            body,
            elapsed,
            lines.Length > 1 && lines[0] == "page rendered" && lines[^1] == "page end",
            lines.Contains("definition loaded"),
            lines.Where(l => l.StartsWith("decision ", StringComparison.Ordinal)).Select(l => l["decision ".Length..]).ToList(),
            lines.Where(l => l.StartsWith("allowed ", StringComparison.Ordinal))
                .Select(l => l.Split(' '))
                .ToDictionary(parts => parts[1], parts => bool.Parse(parts[2])));
    }

    private sealed record Page(
        HttpStatusCode Status,
        string Body,
        TimeSpan Elapsed,
        bool Rendered,
        bool DefinitionLoaded,
        IReadOnlyList<string> Decisions,
        IReadOnlyDictionary<string, bool> Allowed);

    /// <summary>A client website on a real Kestrel port; <c>GET /page</c> renders the request's consent as text lines.</summary>
    private sealed class SdkSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private SdkSite(WebApplication app, Uri baseAddress)
        {
            _app = app;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public static async Task<SdkSite> StartAsync(Uri consentServer)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddCookieConsent(options =>
            {
                options.ServerUrl = consentServer.ToString();
                options.SiteId = Site;
                options.ApiKey = "ck_forged_key";
                options.Secure = false;
            });
            builder.Services.Configure<CookieConsent.Client.Http.CookieConsentClientOptions>(options =>
            {
                options.Timeout = ClientTimeout;
                options.AttemptTimeout = AttemptTimeout;
                options.Retries = 2;
            });
            var app = builder.Build();
            app.UseCookieConsent();
            app.MapCookieConsent();
            app.MapGet("/page", (HttpContext http) =>
            {
                var consent = http.Features.Get<IConsentFeature>()
                    ?? throw new InvalidOperationException("UseCookieConsent() did not set the consent feature.");
                var text = new StringBuilder("page rendered\n");
                text.Append(consent.Definition is null ? "definition missing\n" : "definition loaded\n");
                foreach (var decision in consent.Decisions)
                {
                    text.Append($"decision {decision.Category} {decision.Allowed} {decision.Reason}\n");
                }
                foreach (var category in Categories)
                {
                    text.Append($"allowed {category} {consent.IsAllowed(category)}\n");
                }
                text.Append("page end\n");
                return Results.Text(text.ToString());
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new SdkSite(app, new Uri(address + "/"));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>
    /// A consent server that misbehaves on a loopback socket. With <c>servePolicy</c>, <c>GET …/policy</c> gets a
    /// valid policy (so the site gets as far as verifying cookies) and every other request gets the fault.
    /// </summary>
    private sealed class BadConsentServer : IAsyncDisposable
    {
        private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
        private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

        private readonly Fault _fault;
        private readonly bool _servePolicy;
        private readonly TcpListener? _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<TcpClient, Task> _open = new();
        private readonly ConcurrentQueue<string> _paths = new();
        private readonly Task _accepting = Task.CompletedTask;
        private int _connections;

        private BadConsentServer(Fault fault, bool servePolicy)
        {
            _fault = fault;
            _servePolicy = servePolicy;
            if (fault == Fault.Stopped && !servePolicy)
            {
                // Bind, note the port, release it: a port nobody listens on (connection refused).
                using var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
                return;
            }
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start(backlog: 1024);
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _accepting = AcceptAsync();
        }

        public Uri BaseAddress { get; }

        public int Connections => Volatile.Read(ref _connections);

        public static BadConsentServer Start(Fault fault, bool servePolicy) => new(fault, servePolicy);

        public int Requests(Func<string, bool> path) => _paths.Count(path);

        /// <summary>Closes the listener and every connection: from now on the port refuses connections.</summary>
        public void StopListening()
        {
            _stop.Cancel();
            _listener?.Stop();
            foreach (var client in _open.Keys)
            {
                client.Dispose();
            }
        }

        public async ValueTask DisposeAsync()
        {
            StopListening();
            await _accepting;
            await Task.WhenAll(_open.Values);
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener!.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                Interlocked.Increment(ref _connections);
                var served = new TaskCompletionSource();
                _open[client] = served.Task;
                _ = ServeAsync(client).ContinueWith(_ =>
                {
                    _open.TryRemove(client, out var _);
                    client.Dispose();
                    served.SetResult();
                }, TaskScheduler.Default);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            try
            {
                var stream = client.GetStream();
                var ct = _stop.Token;
                var path = await ReadRequestAsync(stream, ct);
                if (path is null)
                {
                    return;
                }
                _paths.Enqueue(path);
                if (_servePolicy && path.EndsWith("/policy", StringComparison.Ordinal))
                {
                    await WriteAsync(stream, Http200(PolicyJson()), ct);
                    return;
                }
                switch (_fault)
                {
                    case Fault.Stopped:
                    case Fault.Hanging:
                        // Say nothing; hold the socket until the caller gives up or the test ends.
                        var sink = new byte[1024];
                        while (await stream.ReadAsync(sink, ct) > 0)
                        {
                        }
                        return;
                    case Fault.NotJson:
                        await WriteAsync(stream, Http200("<html><body>Service temporarily unavailable</body></html>"u8.ToArray()), ct);
                        return;
                    case Fault.TruncatedJson:
                        await WriteAsync(stream, Http200(
                            Encoding.UTF8.GetBytes($"{{\"site\":\"{Site}\",\"visitor\":\"{ConsentIds.NewVisitorId()}\",\"categories\":[{{\"category\":\"analytics\",\"allowed\":tr")), ct);
                        return;
                    case Fault.WrongShapeJson:
                        await WriteAsync(stream, Http200(Encoding.UTF8.GetBytes($"{{\"site\":\"{Site}\",\"allowed\":true,\"items\":[1,2,3]}}")), ct);
                        return;
                    case Fault.RandomBody:
                        await WriteAsync(stream, Http200(RandomNumberGenerator.GetBytes(2048)), ct);
                        return;
                    case Fault.RandomBytes:
                        await WriteAsync(stream, RandomNumberGenerator.GetBytes(2048), ct);
                        return;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The caller hung up or the test ended.
            }
        }

        // Reads one request (headers, then a Content-Length or chunked body) and returns its path, or null at end of stream.
        private static async Task<string?> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[4096];
            int headerEnd;
            while ((headerEnd = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf(HeaderEnd)) < 0)
            {
                var read = await stream.ReadAsync(chunk, ct);
                if (read == 0)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            var head = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headerEnd).Split("\r\n");
            var path = head[0].Split(' ')[1];
            var bodyStart = headerEnd + HeaderEnd.Length;
            var contentLength = head.Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(-1);
            var chunked = head.Any(h => h.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && h.Contains("chunked", StringComparison.OrdinalIgnoreCase));
            bool Complete()
            {
                var body = buffer.GetBuffer().AsSpan(bodyStart, (int)buffer.Length - bodyStart);
                return chunked ? body.EndsWith(LastChunk) : body.Length >= Math.Max(contentLength, 0);
            }
            while (!Complete())
            {
                var read = await stream.ReadAsync(chunk, ct);
                if (read == 0)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            return path;
        }

        private static byte[] Http200(byte[] body) =>
        [
            .. Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"),
            .. body,
        ];

        private static async Task WriteAsync(NetworkStream stream, byte[] bytes, CancellationToken ct)
        {
            await stream.WriteAsync(bytes, ct);
            await stream.FlushAsync(ct);
            // Half-close and wait for the caller to hang up, so the answer is never cut short by a reset.
            stream.Socket.Shutdown(SocketShutdown.Send);
            var sink = new byte[256];
            while (await stream.ReadAsync(sink, ct) > 0)
            {
            }
        }

        private static byte[] PolicyJson()
        {
            static CategoryDefinition Category(string id, bool required, bool saleOrSharing) => new(
                id, required, saleOrSharing,
                new Dictionary<string, CategoryText> { ["en"] = new(id, $"The {id} cookies.") },
                [$"{id}_*"]);
            var definition = new SiteDefinition(
                "SDK faults",
                [Category("necessary", true, false), Category("analytics", false, false), Category("marketing", false, true)],
                [new PolicyVersion(1, DateTimeOffset.UnixEpoch, [])],
                ["127.0.0.1"],
                CookieName: CookieName);
            return JsonSerializer.SerializeToUtf8Bytes(new PolicyResponse(Site, 1, definition), ConsentJsonContext.Default.PolicyResponse);
        }
    }
}
