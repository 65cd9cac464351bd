using System.Diagnostics;

namespace CookieConsent.Testing;

/// <summary>Runs <c>redis-cli</c> against a loopback port (for servers the tests did not start themselves).</summary>
public static class RedisCli
{
    /// <summary>Runs <c>redis-cli -p port args...</c> and returns its trimmed output.</summary>
    public static string Run(int port, params string[] args) => RunRaw(["-p", port.ToString(), .. args]);

    /// <summary>Runs <c>redis-cli args...</c>; <paramref name="stdin"/> is written to its input when given.</summary>
    public static string RunRaw(string[] args, string? stdin = null, TimeSpan? timeout = null)
    {
        var exe = Which("redis-cli") ?? throw new InvalidOperationException(
            "redis-cli is not on PATH. Install it (Debian: apt-get install -y redis-server).");
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var cli = Process.Start(info)!;
        if (stdin is not null)
        {
            cli.StandardInput.Write(stdin);
        }
        cli.StandardInput.Close();
        var error = cli.StandardError.ReadToEndAsync();
        var output = cli.StandardOutput.ReadToEnd();
        if (!cli.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds))
        {
            cli.Kill();
            throw new TimeoutException($"redis-cli {string.Join(' ', args)} did not finish.");
        }
        return (output + error.Result).Trim();
    }

    internal static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
