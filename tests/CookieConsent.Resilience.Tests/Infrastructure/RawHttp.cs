using System.Net.Sockets;
using System.Text;

namespace CookieConsent.Resilience.Tests.Infrastructure;

/// <summary>HTTP/1.1 over a bare socket: sends header bytes no HttpClient would (CR, LF, NUL, raw UTF-8).</summary>
internal static class RawHttp
{
    public sealed record Response(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Raw)
    {
        public IEnumerable<string> All(string name) =>
            Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
    }

    /// <summary>Sends one request (<c>Connection: close</c> is added) and reads the whole answer.</summary>
    public static async Task<Response> SendAsync(Uri server, string method, string target,
        IEnumerable<(string Name, byte[] Value)> headers, byte[]? body, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, ct);
        var stream = client.GetStream();
        var request = new MemoryStream();
        void Ascii(string text) => request.Write(Encoding.ASCII.GetBytes(text));
        Ascii($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            Ascii(name + ": ");
            request.Write(value);
            Ascii("\r\n");
        }
        if (body is not null)
        {
            Ascii($"Content-Length: {body.Length}\r\n");
        }
        Ascii("\r\n");
        if (body is not null)
        {
            request.Write(body);
        }
        await stream.WriteAsync(request.ToArray(), ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // The server may reset a connection it refused; what arrived is the answer.
        }
        var raw = Encoding.Latin1.GetString(received.ToArray());
        var headerEnd = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headerEnd >= 0 ? raw[..headerEnd] : raw;
        var lines = head.Split("\r\n");
        var status = lines.Length > 0 && lines[0].Split(' ') is [_, var code, ..] && int.TryParse(code, out var s) ? s : 0;
        var parsed = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .Select(p => (p[0].Trim(), p[1].Trim()))
            .ToList();
        return new Response(status, parsed, raw);
    }
}
