namespace CookieConsent.Server.Consent;

/// <summary>Lets one log entry through per interval and counts the ones it held back.</summary>
internal sealed class LogThrottle(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private long _suppressed;

    public bool ShouldLog(DateTimeOffset now, out long suppressed)
    {
        lock (_gate)
        {
            if (now < _next)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }
            _next = now + interval;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
