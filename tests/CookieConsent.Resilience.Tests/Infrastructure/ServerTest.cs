namespace CookieConsent.Resilience.Tests.Infrastructure;

/// <summary>Base of tests that run server processes: a failed test shows what its servers logged.</summary>
public abstract class ServerTest
{
    public TestContext TestContext { get; set; } = null!;

    [TestCleanup]
    public void ShowServerOutputOnFailure()
    {
        var outputs = ProcessOutputs.Take(TestContext);
        if (TestContext.CurrentTestOutcome != UnitTestOutcome.Passed)
        {
            foreach (var output in outputs)
            {
                TestContext.WriteLine(output);
            }
        }
    }
}
