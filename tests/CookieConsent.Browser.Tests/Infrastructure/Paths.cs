using System.Reflection;

namespace CookieConsent.Browser.Tests.Infrastructure;

/// <summary>Where the built apps and the repository's files are, recorded at build time.</summary>
internal static class Paths
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string TestProject => Path.Combine(RepositoryRoot, "tests", "CookieConsent.Browser.Tests");

    /// <summary>The output of a project built with the same configuration and framework as this test assembly.</summary>
    public static string BuiltDll(string projectDirectory, string assemblyName) => Path.Combine(
        RepositoryRoot, projectDirectory, "bin", Metadata("Configuration"), Metadata("TargetFramework"), assemblyName + ".dll");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing.");
}
