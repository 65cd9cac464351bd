namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>A clock the test moves forward by hand; starts at the real current time.</summary>
public sealed class FakeClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
