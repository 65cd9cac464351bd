using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CookieConsent.Testing;

/// <summary>
/// A built ASP.NET Core app as a real process (<c>dotnet app.dll --urls ...</c>) on a free loopback port, configured
/// through environment variables as an operator would, with its stdout and stderr captured. Launched by path, so this
/// project never references the apps it starts.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>The admin key of a consent server started with <see cref="StartAsync"/>.</summary>
    public const string AdminKey = "resilience-admin-key-0f3c9a7e5b1d";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string? _ownedWorkDir;
    private readonly TestContext? _test;

    private ServerProcess(string name, Process process, Uri baseAddress, string? ownedWorkDir, TestContext? test)
    {
        Name = name;
        _process = process;
        _test = test;
        BaseAddress = baseAddress;
        _ownedWorkDir = ownedWorkDir;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    /// <summary>The base address, with a trailing slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string Url => BaseAddress.GetLeftPart(UriPartial.Authority);

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
    /// Starts the consent server built beside the tests (a ProjectReference copies it there) in a temporary working
    /// folder and waits until it is live. <paramref name="redis"/> null means no <c>CookieConsent__Redis</c> at all
    /// (managed local Redis). Request logging is quiet unless <paramref name="settings"/> says otherwise. Its output is
    /// kept for <paramref name="test"/> (<see cref="ProcessOutputs"/>).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        TestContext test, string? redis, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        var dll = Path.Combine(AppContext.BaseDirectory, "CookieConsent.Server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The server is built beside the tests (ProjectReference); it is missing.", dll);
        }
        var workDir = Directory.CreateTempSubdirectory("cc-server-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["CookieConsent__AdminKey"] = AdminKey,
            ["CookieConsent__DataDir"] = Path.Combine(workDir, "data"),
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            // Tests share two cores; a workstation GC per server keeps several of them light.
            ["DOTNET_gcServer"] = "0",
            // Several servers and redis-servers share two cores here: a production-sized Redis timeout would turn plain
            // load into 503s. The fault tests set their own short timeout.
            ["CookieConsent__RedisTimeout"] = "00:00:05",
        };
        if (redis is not null)
        {
            environment["CookieConsent__Redis"] = redis;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var server = Start("consent server", dll, workDir, FreePort.Next(), environment, workDir, test);
        try
        {
            await server.WaitUntilReadyAsync("health/live", TimeSpan.FromSeconds(60), test.CancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>
    /// Starts <paramref name="dll"/> on <paramref name="port"/> with <paramref name="environment"/> and nothing from
    /// the developer's shell (an admin key, a Redis, an environment name). Call <see cref="WaitUntilReadyAsync"/> next.
    /// </summary>
    public static ServerProcess Start(string name, string dll, string workingDirectory, int port, IReadOnlyDictionary<string, string> environment) =>
        Start(name, dll, workingDirectory, port, environment, ownedWorkDir: null, test: null);

    private static ServerProcess Start(string name, string dll, string workingDirectory, int port,
        IReadOnlyDictionary<string, string> environment, string? ownedWorkDir, TestContext? test)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{name} is not built: {dll} is missing. Build the solution first (dotnet build).", dll);
        }
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("CookieConsent__", StringComparison.Ordinal)
                     || k.StartsWith("SampleShop__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                     || k == "DOTNET_ENVIRONMENT").ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(name, process, new Uri($"http://127.0.0.1:{port}/"), ownedWorkDir, test);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until <paramref name="path"/> answers 2xx, failing with the output when the process exits or takes too long.</summary>
    public async Task WaitUntilReadyAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited at start with code {_process.ExitCode}. Output:\n{Output}");
            }
            try
            {
                using var response = await probe.GetAsync(path.TrimStart('/'), cancellationToken);
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
        throw new TimeoutException($"{Name} did not answer {path} within {timeout}. Output:\n{Output}");
    }

    /// <summary>Waits until the captured output matches <paramref name="pattern"/>; returns the match.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
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
                throw new TimeoutException($"{Name} did not log /{pattern}/ within {timeout}. Output:\n{Output}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Stops the process as an orchestrator would (SIGTERM, then SIGKILL after 15 s).</summary>
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
        if (_test is not null)
        {
            ProcessOutputs.Keep(_test, BaseAddress.ToString(), Output);
        }
        Client.Dispose();
        _process.Dispose();
        if (_ownedWorkDir is not null)
        {
            try
            {
                Directory.Delete(_ownedWorkDir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
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
