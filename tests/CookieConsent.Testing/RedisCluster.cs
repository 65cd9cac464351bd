using System.Diagnostics;
using System.Net.Sockets;
using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Testing;

/// <summary>
/// A real Redis Cluster of three masters (no replicas) on free loopback ports, each node in its own temporary
/// folder with AOF on, joined with <c>redis-cli --cluster create</c>.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    private readonly List<(int Port, string Dir, Process Process)> _nodes = [];

    private RedisCluster()
    {
    }

    /// <summary>The nodes' ports.</summary>
    public IReadOnlyList<int> Ports => _nodes.Select(n => n.Port).ToList();

    /// <summary>StackExchange.Redis connection string listing every node; timeouts come from <see cref="RedisConnection"/>.</summary>
    public string ConnectionString => string.Join(",", _nodes.Select(n => $"127.0.0.1:{n.Port}"));

    /// <summary>A connection of the tests' own, with the server's settings (<see cref="RedisConnection"/>).</summary>
    public ConnectionMultiplexer Connect(TimeSpan? timeout = null) => RedisConnection.Connect(ConnectionString, timeout ?? RedisServer.TestTimeout);

    /// <summary>Starts three nodes, creates the cluster and waits until every node reports <c>cluster_state:ok</c>.</summary>
    public static RedisCluster Start(TimeSpan? timeout = null)
    {
        var cluster = new RedisCluster();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                cluster.StartNode();
            }
            var create = RedisCli.RunRaw(
                ["--cluster", "create", .. cluster._nodes.Select(n => $"127.0.0.1:{n.Port}"), "--cluster-replicas", "0", "--cluster-yes"],
                stdin: "yes\n");
            if (!create.Contains("[OK] All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("redis-cli --cluster create failed:\n" + create);
            }
            cluster.WaitUntilOk(timeout ?? TimeSpan.FromSeconds(20));
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>How many keys each node holds, in port order.</summary>
    public IReadOnlyList<long> KeyCounts() => _nodes.Select(n => long.Parse(RedisCli.Run(n.Port, "dbsize"))).ToList();

    public void Dispose()
    {
        foreach (var (_, dir, process) in _nodes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
    }

    private void StartNode()
    {
        var exe = RedisCli.Which("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not on PATH. Install it (Debian: apt-get install -y redis-server).");
        var dir = Directory.CreateTempSubdirectory("cc-cluster-").FullName;
        var port = FreePort.Next();
        var info = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--bind", "127.0.0.1", "--port", port.ToString(), "--dir", dir, "--daemonize", "no",
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--logfile", Path.Combine(dir, "redis.log"),
        })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        _nodes.Add((port, dir, process));
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server (cluster node) exited at start; see {dir}/redis.log.");
            }
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                if (RedisCli.Run(port, "ping") == "PONG")
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Cluster node on port {port} did not start.");
            }
            Thread.Sleep(50);
        }
    }

    private void WaitUntilOk(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!_nodes.All(n => RedisCli.Run(n.Port, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The cluster did not reach cluster_state:ok within {timeout}.");
            }
            Thread.Sleep(100);
        }
    }
}
