using System.Diagnostics;
using System.Net.Sockets;
using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Testing;

/// <summary>
/// A real redis-server on a free loopback port with AOF persistence, in its own data folder.
/// Tests can stop, kill, freeze and restart it on the same data.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly IReadOnlyList<string> _extraArguments;
    private Process? _process;

    private RedisServer(string dataDir, int port, string appendFsync, IReadOnlyList<string> extraArguments)
    {
        DataDir = dataDir;
        Port = port;
        AppendFsync = appendFsync;
        _extraArguments = extraArguments;
    }

    public string DataDir { get; }

    public int Port { get; }

    public string AppendFsync { get; }

    /// <summary>StackExchange.Redis connection string for this server; timeouts come from <see cref="RedisConnection"/>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>A connection of the tests' own, with the server's settings (<see cref="RedisConnection"/>).</summary>
    public ConnectionMultiplexer Connect(TimeSpan? timeout = null) => RedisConnection.Connect(ConnectionString, timeout ?? TestTimeout);

    /// <inheritdoc cref="Connect"/>
    public Task<ConnectionMultiplexer> ConnectAsync(TimeSpan? timeout = null) => Task.Run(() => Connect(timeout));

    // Generous: the tests' own reads and writes share two cores with servers, browsers and builds.
    internal static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(5);

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("redis-server is not running.");

    /// <summary>Starts a new server in a fresh temporary folder; <paramref name="extraArguments"/> go to redis-server as
    /// given (e.g. <c>--user</c> ACL rules).</summary>
    public static RedisServer Start(string appendFsync = "always", IReadOnlyList<string>? extraArguments = null)
    {
        var dir = Directory.CreateTempSubdirectory("cc-redis-").FullName;
        var server = new RedisServer(dir, FreePort.Next(), appendFsync, extraArguments ?? []);
        server.Launch();
        return server;
    }

    /// <summary>Starts redis-server again on the same port and data folder.</summary>
    public void Launch()
    {
        var exe = Which("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not on PATH. Install it (Debian: apt-get install -y redis-server) or run the README's test command, which installs it.");
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--bind", "127.0.0.1", "--port", Port.ToString(), "--dir", DataDir,
            "--appendonly", "yes", "--appendfsync", AppendFsync, "--save", "",
            "--protected-mode", "yes", "--daemonize", "no", "--logfile", Path.Combine(DataDir, "redis.log"),
            .. _extraArguments,
        ];
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }
        _process = Process.Start(info)!;
        WaitUntilAccepting(TimeSpan.FromSeconds(10));
    }

    /// <summary>Clean shutdown (the AOF is flushed).</summary>
    public void Shutdown()
    {
        if (_process is { HasExited: false } p)
        {
            RunCli("shutdown", "nosave");
            if (!p.WaitForExit(10_000))
            {
                p.Kill();
            }
        }
    }

    /// <summary>SIGKILL: no chance to flush anything not already on disk.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit();
        }
    }

    /// <summary>SIGSTOP: the connection stays open but nothing answers.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Runs redis-cli against this server and returns its output.</summary>
    public string RunCli(params string[] args)
    {
        var info = new ProcessStartInfo(Which("redis-cli") ?? "redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(Port.ToString());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var cli = Process.Start(info)!;
        var output = cli.StandardOutput.ReadToEnd();
        cli.WaitForExit(10_000);
        return output.Trim();
    }

    public void Dispose()
    {
        try
        {
            Resume();
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private void Signal(string signal)
    {
        if (_process is { HasExited: false } p)
        {
            using var kill = Process.Start("kill", $"-{signal} {p.Id}");
            kill.WaitForExit();
        }
    }

    private void WaitUntilAccepting(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start: {_process.StandardError.ReadToEnd()}");
            }
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                // NOAUTH: listening, with the default user turned off by ACL rules.
                if (RunCli("ping") is "PONG" or "NOAUTH Authentication required.")
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not yet listening.
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"redis-server did not accept connections on port {Port} within {timeout}.");
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
