namespace CookieConsent.AspNetCore.Tests;

// Other tests lean on this clock; make sure it does what it says.
[TestClass]
public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [TestMethod]
    public void Clock_MovesOnlyWhenAdvanced()
    {
        var time = new FakeTimeProvider(Start);
        var stamp = time.GetTimestamp();

        Assert.AreEqual(Start, time.GetUtcNow());
        time.Advance(TimeSpan.FromMinutes(3));

        Assert.AreEqual(Start.AddMinutes(3), time.GetUtcNow());
        Assert.AreEqual(TimeSpan.FromMinutes(3), time.GetElapsedTime(stamp));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start));
    }

    [TestMethod]
    public async Task Delay_CompletesWhenTheClockPassesItsDueTime()
    {
        var time = new FakeTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromSeconds(10), time, TestContext.CancellationToken);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.IsFalse(delay.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await delay;
    }

    [TestMethod]
    public void PeriodicTimer_FiresOncePerPeriodPassed_AtItsDueInstants()
    {
        var time = new FakeTimeProvider(Start);
        var seen = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(17));

        CollectionAssert.AreEqual(new[] { Start.AddSeconds(5), Start.AddSeconds(10), Start.AddSeconds(15) }, seen);
        Assert.AreEqual(Start.AddSeconds(17), time.GetUtcNow());
        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.HasCount(3, seen);
    }

    [TestMethod]
    public async Task WaitAsync_TimesOutOnTheFakeClock()
    {
        var time = new FakeTimeProvider(Start);
        var never = new TaskCompletionSource();
        var wait = never.Task.WaitAsync(TimeSpan.FromSeconds(2), time, TestContext.CancellationToken);

        Assert.IsFalse(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsExactlyAsync<TimeoutException>(() => wait);
    }

    public TestContext TestContext { get; set; } = null!;
}
