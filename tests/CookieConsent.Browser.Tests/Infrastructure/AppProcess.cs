using System.Collections.Concurrent;
using System.Diagnostics;

namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>A built ASP.NET Core app started as its own process (<c>dotnet app.dll --urls ...</c>) on a free port.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 400;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(string name, Process process, string url)
    {
        Name = name;
        _process = process;
        Url = url;
    }

    public string Name { get; }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string Url { get; }

    public static AppProcess Start(string name, string dll, string workingDirectory, int port, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(dll))
        {
            throw new AssertFailedException($"{name} is not built: {dll} is missing. Build the solution first (dotnet build).");
        }
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        // Nothing from the developer's shell (an admin key, a Redis) may leak into the apps under test.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("CookieConsent__", StringComparison.Ordinal)
                     || k.StartsWith("SampleShop__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppProcess(name, process, url);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Waits until <paramref name="path"/> answers 200, failing with the app's output when it exits or takes too long.</summary>
    public async Task WaitUntilReadyAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new AssertFailedException($"{Name} exited with code {_process.ExitCode} while starting:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(Url + path, cancellationToken);
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
                // Slow first answer: try again.
            }
            if (deadline.Elapsed > timeout)
            {
                throw new AssertFailedException($"{Name} did not answer {path} within {timeout.TotalSeconds:0} s:\n{Output}");
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The app's last lines of console output (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > MaxOutputLines && _output.TryDequeue(out _))
        {
        }
    }
}
