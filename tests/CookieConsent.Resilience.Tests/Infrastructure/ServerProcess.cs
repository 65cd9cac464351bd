using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CookieConsent.Testing;

namespace CookieConsent.Resilience.Tests.Infrastructure;

/// <summary>
/// The consent server as a real process (<c>dotnet CookieConsent.Server.dll --urls ...</c>), configured through
/// environment variables as an operator would, with its stdout and stderr captured.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminKey = "resilience-admin-key-0f3c9a7e5b1d";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workDir;
    private readonly TestContext _test;

    private ServerProcess(Process process, Uri baseAddress, string workDir, TestContext test)
    {
        _process = process;
        _test = test;
        BaseAddress = baseAddress;
        _workDir = workDir;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client without credentials; requests add their own Authorization header.</summary>
    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the server. <paramref name="redis"/> null means no <c>CookieConsent__Redis</c> at all (managed local Redis).
    /// Request logging is quiet unless <paramref name="settings"/> says otherwise.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        TestContext test, string? redis, IReadOnlyDictionary<string, string>? settings = null)
    {
        var cancellationToken = test.CancellationToken;
        var dll = Path.Combine(AppContext.BaseDirectory, "CookieConsent.Server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The server is built beside the tests (ProjectReference); it is missing.", dll);
        }
        var workDir = Directory.CreateTempSubdirectory("cc-server-").FullName;
        var port = FreePort.Next();
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            info.Environment.Remove(inherited);
        }
        info.Environment["CookieConsent__AdminKey"] = AdminKey;
        info.Environment["CookieConsent__DataDir"] = Path.Combine(workDir, "data");
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        // Tests share two cores; a workstation GC per server keeps several of them light.
        info.Environment["DOTNET_gcServer"] = "0";
        // Several servers and redis-servers share two cores here: a production-sized Redis timeout would turn plain
        // load into 503s. The fault tests set their own short timeout.
        info.Environment["CookieConsent__RedisTimeout"] = "00:00:05";
        if (redis is not null)
        {
            info.Environment["CookieConsent__Redis"] = redis;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), workDir, test);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilLiveAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Waits until the captured output matches <paramref name="pattern"/>; returns the match.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var match = pattern.Match(Output);
            if (match.Success)
            {
                return match;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The server did not log /{pattern}/ within {timeout}. Output:\n{Output}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Stops the server as an orchestrator would (SIGTERM, then SIGKILL after 15 s).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await term.WaitForExitAsync();
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        ServerTest.Keep(_test, BaseAddress.ToString(), Output);
        Client.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited at start with code {_process.ExitCode}. Output:\n{Output}");
            }
            try
            {
                using var response = await probe.GetAsync("health/live", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Probe timed out: still starting.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"The server did not answer /health/live within {timeout}. Output:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    // `dotnet test` tells child processes which host runs them; fall back to PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
