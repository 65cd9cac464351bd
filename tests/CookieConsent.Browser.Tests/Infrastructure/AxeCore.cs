using System.Diagnostics;
using System.Text.Json;

namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>
/// axe-core from npm (pinned in package.json and package-lock.json next to this project), installed on first use when
/// scripts/test.sh has not done it already, and run inside a page of a JavaScript-enabled context.
/// </summary>
internal static class AxeCore
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static string ScriptPath => Path.Combine(Paths.TestProject, "node_modules", "axe-core", "axe.min.js");

    /// <summary>Runs axe on the page (WCAG 2.x A/AA and best practices) and returns one line per violating node.</summary>
    public static async Task<IReadOnlyList<string>> AuditAsync(IPage page, CancellationToken cancellationToken)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = await EnsureInstalledAsync(cancellationToken) });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.flatMap(v => v.nodes.map(n =>
                `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.failureSummary}`));
            }
            """);
        return violations.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(ScriptPath))
        {
            return ScriptPath;
        }
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(ScriptPath))
            {
                await NpmCiAsync(cancellationToken);
            }
        }
        finally
        {
            InstallLock.Release();
        }
        return File.Exists(ScriptPath) ? ScriptPath
            : throw new AssertFailedException($"npm ci did not install {ScriptPath}.");
    }

    private static async Task NpmCiAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("npm")
        {
            WorkingDirectory = Paths.TestProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--ignore-scripts" })
        {
            info.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AssertFailedException(
                $"npm is needed to install axe-core for the accessibility audit ({e.Message}). Install Node.js and npm (Debian: apt-get install -y npm), or run bash scripts/test.sh.");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new AssertFailedException($"npm ci failed in {Paths.TestProject} (exit {process.ExitCode}):\n{await output}\n{await error}");
            }
        }
    }
}
