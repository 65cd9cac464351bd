using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CookieConsent.Server.Hosting;

/// <summary>
/// A redis-server the server starts itself when no Redis is configured: loopback only, a free port, AOF with
/// <c>appendfsync always</c> (an acknowledged consent is on disk), restarted if it exits, stopped with the host.
/// </summary>
internal sealed class LocalRedisServer : BackgroundService
{
    private readonly string _dataDir;
    // Started while the host is composed (the connection string must be known then), before the host's logging
    // exists: events wait in the buffer and reach the host's logger when the host resolves this service.
    private readonly StartupLogBuffer _logger = new();
    private Process? _process;

    private LocalRedisServer(string dataDir, int port)
    {
        _dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>Starts redis-server and waits until it answers, so the rest of start-up can connect.</summary>
    public static LocalRedisServer Start(string dataDir)
    {
        var dir = Path.GetFullPath(Path.Combine(dataDir, "redis"));
        Directory.CreateDirectory(dir);
        var server = new LocalRedisServer(dir, FreePort());
        server.Launch();
        return server;
    }

    /// <summary>Sends the start-up events, and every later one, to the host's logger.</summary>
    public LocalRedisServer UseLogger(ILogger<LocalRedisServer> logger)
    {
        _logger.Attach(logger);
        return this;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _process!.WaitForExitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Log.LocalRedisExited(_logger, _process.ExitCode);
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!stoppingToken.IsCancellationRequested)
            {
                Launch();
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Stop();
    }

    public override void Dispose()
    {
        Stop();
        base.Dispose();
    }

    private void Stop()
    {
        if (_process is { HasExited: false } p)
        {
            // SIGTERM: redis-server flushes the AOF and exits.
            using var term = Process.Start("kill", ["-TERM", p.Id.ToString()]);
            if (!p.WaitForExit(10_000))
            {
                p.Kill();
            }
        }
    }

    private void Launch()
    {
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--bind", "127.0.0.1", "--port", Port.ToString(), "--dir", _dataDir, "--daemonize", "no",
            "--appendonly", "yes", "--appendfsync", "always", "--save", "",
            "--logfile", Path.Combine(_dataDir, "redis.log"),
        })
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            _process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "No Redis is configured (CookieConsent:Redis) and redis-server could not be started. " +
                "Install it (Debian: apt-get install -y redis-server) or set CookieConsent:Redis.", ex);
        }
        Log.LocalRedisStarted(_logger, Port, _dataDir);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until && !_process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not start; see {Path.Combine(_dataDir, "redis.log")}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
