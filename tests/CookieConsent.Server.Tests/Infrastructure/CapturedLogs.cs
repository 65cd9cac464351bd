using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>Keeps every log event a server instance writes, to assert on event names.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, EventId Event, LogLevel Level, string Message)> _events = new();

    public IReadOnlyCollection<(string Category, EventId Event, LogLevel Level, string Message)> Events => _events;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _events);

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

    private sealed class Logger(string category, ConcurrentQueue<(string, EventId, LogLevel, string)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue((category, eventId, logLevel, formatter(state, exception)));
    }
}
