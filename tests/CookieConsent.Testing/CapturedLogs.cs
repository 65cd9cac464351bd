using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Testing;

/// <summary>
/// Keeps every log event a host writes, to assert on event names and on what is (and is not) logged. Given a list,
/// it also appends each event to it as <c>"EventName: message"</c>, under a lock on that list.
/// </summary>
public sealed class CapturedLogs(List<string>? lines = null) : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, EventId Event, LogLevel Level, string Message)> _events = new();

    public IReadOnlyCollection<(string Category, EventId Event, LogLevel Level, string Message)> Events => _events;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public async Task<bool> WaitForAsync(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_events.Any(e => e.Event.Name == eventName))
            {
                return true;
            }
            await Task.Delay(50, cancellationToken);
        }
        return false;
    }

    public void Dispose()
    {
    }

    private void Add(string category, EventId eventId, LogLevel level, string message)
    {
        _events.Enqueue((category, eventId, level, message));
        if (lines is not null)
        {
            lock (lines)
            {
                lines.Add($"{eventId.Name}: {message}");
            }
        }
    }

    private sealed class Logger(string category, CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(category, eventId, logLevel, formatter(state, exception));
    }
}
