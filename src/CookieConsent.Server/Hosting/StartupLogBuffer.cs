namespace CookieConsent.Server.Hosting;

/// <summary>
/// Holds the events of work done while the host is still being composed (before its logging exists) and replays
/// them, in order, into the host's logger once one is attached; from then on it writes straight through.
/// </summary>
internal sealed class StartupLogBuffer : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<Action<ILogger>> _pending = [];
    private ILogger? _target;

    /// <summary>Replays what was buffered into <paramref name="target"/> and forwards everything after.</summary>
    public void Attach(ILogger target)
    {
        lock (_gate)
        {
            if (_target is not null)
            {
                return;
            }
            foreach (var entry in _pending)
            {
                entry(target);
            }
            _pending.Clear();
            _target = target;
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel)
    {
        lock (_gate)
        {
            // Until the host's filters are known, keep everything; they apply at replay.
            return _target?.IsEnabled(logLevel) ?? logLevel != LogLevel.None;
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            if (_target is null)
            {
                // The state may be reused by its writer once Log returns: keep a copy of its message and values.
                var copy = new Entry(formatter(state, exception), state is IEnumerable<KeyValuePair<string, object?>> values ? [.. values] : []);
                _pending.Add(logger => logger.Log(logLevel, eventId, copy, exception, static (entry, _) => entry.Message));
                return;
            }
        }
        _target.Log(logLevel, eventId, state, exception, formatter);
    }

    /// <summary>A buffered event's message and structured values.</summary>
    private sealed class Entry(string message, KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => values.Length;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}
