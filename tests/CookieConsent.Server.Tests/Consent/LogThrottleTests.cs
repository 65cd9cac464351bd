using CookieConsent.Server.Consent;

namespace CookieConsent.Server.Tests.Consent;

[TestClass]
public sealed class LogThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void OneEntryPerInterval_ThenTheNextCarriesTheCountHeldBack()
    {
        var throttle = new LogThrottle(TimeSpan.FromSeconds(10));

        Assert.IsTrue(throttle.ShouldLog(Start, out var first));
        Assert.AreEqual(0, first);
        Assert.IsFalse(throttle.ShouldLog(Start.AddSeconds(1), out _));
        Assert.IsFalse(throttle.ShouldLog(Start.AddSeconds(9.9), out _));
        Assert.IsTrue(throttle.ShouldLog(Start.AddSeconds(10), out var next));
        Assert.AreEqual(2, next);
        Assert.IsFalse(throttle.ShouldLog(Start.AddSeconds(11), out _));
    }
}
