using System.Diagnostics;

namespace CookieConsent.Server.Tests.Benchmarks;

/// <summary>
/// The benchmark tools still run: <c>scripts/bench-http.sh</c> in every mode with tiny settings, and the
/// BenchmarkDotNet project with its dry job. Only exit status and the summary's rows are checked — never a timing.
/// Not run in parallel with other tests: the scripts start a server, a Redis and wrk of their own.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class BenchmarkScriptsSmokeTests
{
    private static readonly Dictionary<string, string> Tiny = new()
    {
        ["VISITORS"] = "50",
        ["DURATION"] = "1s",
        ["WARMUP"] = "1s",
        ["ROUNDS"] = "1",
        ["CONNECTIONS"] = "8",
        ["MEMORY_VISITORS"] = "100",
        ["MIXED_DURATION"] = "2s",
    };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task BenchHttp_EveryMeasuringMode_ExitsZero_AndSummarisesEachTable()
    {
        var (exitCode, stdout, stderr) = await RunAsync("bash", ["scripts/bench-http.sh", "all"], Tiny);

        Assert.AreEqual(0, exitCode, $"bench-http.sh all failed:\n{Tail(stderr)}");
        AssertTable(stdout, "#### Consent reads and token verification", minimumRows: 3);
        AssertTable(stdout, "#### Redis memory per visitor", minimumRows: 1);
        AssertTable(stdout, "#### Mixed load", minimumRows: 1);
        AssertTable(stdout, "#### Writes (PUT .../consent", minimumRows: 3);
        StringAssert.Contains(stdout, "Writes (appendfsync always) ÷ reads of the same server");
    }

    [TestMethod]
    public async Task BenchHttp_Compare_AgainstThisCheckoutAsBefore_ExitsZero_AndSummarisesBothBuilds()
    {
        var settings = new Dictionary<string, string>(Tiny) { ["BEFORE"] = Root };
        var (exitCode, stdout, stderr) = await RunAsync("bash", ["scripts/bench-http.sh", "compare"], settings);

        Assert.AreEqual(0, exitCode, $"bench-http.sh compare failed:\n{Tail(stderr)}");
        AssertTable(stdout, "#### Before (", minimumRows: 4);
    }

    [TestMethod]
    public async Task BenchmarkDotNet_ListsEveryBenchmark_AndADryRunOfEachReportsItsRow()
    {
        var project = Path.Combine(Root, "tests", "CookieConsent.Benchmarks", "bin", "Release", "net10.0", "CookieConsent.Benchmarks.dll");
        Assert.IsTrue(File.Exists(project), $"{project} is missing: build the solution in Release first.");
        var artifacts = Directory.CreateTempSubdirectory("cookieconsent-bdn-").FullName;
        try
        {
            var list = await RunAsync("dotnet", [project, "--list", "flat"], []);
            Assert.AreEqual(0, list.ExitCode, list.Stderr);
            var names = list.Stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.StartsWith("CookieConsent.Benchmarks.", StringComparison.Ordinal)).ToList();
            CollectionAssert.IsSubsetOf(
                new[]
                {
                    "CookieConsent.Benchmarks.MiddlewareBenchmarks.WithoutMiddleware",
                    "CookieConsent.Benchmarks.MiddlewareBenchmarks.ApiLater",
                    "CookieConsent.Benchmarks.MiddlewareBenchmarks.LocalFirstSight",
                    "CookieConsent.Benchmarks.MiddlewareBenchmarks.LocalLater",
                },
                names, string.Join('\n', names));

            // In process: the dry job runs each benchmark's setup (which checks that each case takes its own path)
            // and one invocation, without building a project per job.
            var dry = await RunAsync("dotnet", [project, "--filter", "*", "--job", "dry", "--inProcess", "--artifacts", artifacts], []);
            Assert.AreEqual(0, dry.ExitCode, $"a benchmark could not run:\n{Tail(dry.Stdout)}");
            foreach (var description in new[]
            {
                "without UseCookieConsent()", "later request, API-verified (cached)", "first sight, locally verified (key ring)",
                "later request, locally verified (cached)", "TryUnprotect (verify a cookie value)", "DecideAll, stored consent",
            })
            {
                // A row whose Mean is NA did not run (one dry iteration has no Error column, so only Mean counts).
                Assert.IsTrue(dry.Stdout.Split('\n').Any(l => l.StartsWith("| ", StringComparison.Ordinal)
                    && l.Split('|') is { Length: > 3 } cells && cells[1].Trim() == $"'{description}'" && cells[2].Trim() != "NA"),
                    $"no result row for '{description}':\n{Tail(dry.Stdout)}");
            }
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    private static void AssertTable(string summary, string heading, int minimumRows)
    {
        var lines = summary.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, start, $"no '{heading}' in the summary:\n{summary}");
        // The heading, a blank line, the table's header and separator, then its rows.
        var rows = lines.Skip(start + 1).SkipWhile(string.IsNullOrWhiteSpace).TakeWhile(l => l.StartsWith('|')).Skip(2).Count();
        Assert.IsGreaterThanOrEqualTo(minimumRows, rows, $"'{heading}' has {rows} rows:\n{summary}");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CookieConsent.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CookieConsent.sln not found above " + AppContext.BaseDirectory);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
