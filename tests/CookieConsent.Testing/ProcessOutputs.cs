using System.Collections.Concurrent;

namespace CookieConsent.Testing;

/// <summary>What each test's server processes wrote, kept until the test ends so a failed test can show it.</summary>
public static class ProcessOutputs
{
    private const int MaxChars = 20_000;

    private static readonly ConcurrentDictionary<TestContext, ConcurrentQueue<string>> Outputs = new();

    /// <summary>Keeps the last 20 000 characters of <paramref name="output"/> for <paramref name="test"/>.</summary>
    public static void Keep(TestContext test, string process, string output) =>
        Outputs.GetOrAdd(test, _ => new()).Enqueue($"--- {process} output (last {MaxChars} chars) ---\n" +
            (output.Length > MaxChars ? output[^MaxChars..] : output));

    /// <summary>Removes and returns what was kept for <paramref name="test"/>.</summary>
    public static IReadOnlyCollection<string> Take(TestContext test) =>
        Outputs.TryRemove(test, out var outputs) ? outputs : [];
}
