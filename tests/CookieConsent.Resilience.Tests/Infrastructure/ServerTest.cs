using System.Collections.Concurrent;

namespace CookieConsent.Resilience.Tests.Infrastructure;

/// <summary>Base of tests that run server processes: a failed test shows what its servers logged.</summary>
public abstract class ServerTest
{
    private static readonly ConcurrentDictionary<TestContext, ConcurrentQueue<string>> Outputs = new();

    public TestContext TestContext { get; set; } = null!;

    internal static void Keep(TestContext test, string server, string output) =>
        Outputs.GetOrAdd(test, _ => new()).Enqueue($"--- {server} output (last 20000 chars) ---\n" +
            (output.Length > 20_000 ? output[^20_000..] : output));

    [TestCleanup]
    public void ShowServerOutputOnFailure()
    {
        if (Outputs.TryRemove(TestContext, out var outputs) && TestContext.CurrentTestOutcome != UnitTestOutcome.Passed)
        {
            foreach (var output in outputs)
            {
                TestContext.WriteLine(output);
            }
        }
    }
}
