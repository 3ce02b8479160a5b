using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Switchyard.Tests.CrossAccount;

/// <summary>A logger provider that keeps the server's warnings (and worse) for assertions.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Warnings => _lines.ToList();

    /// <summary>
    /// Whether a warning matching <paramref name="match"/> is logged within 20 s. The delivery metrics a test waits
    /// on are counted just before the dispatcher logs the outcome, so the line can follow the counter by a moment.
    /// </summary>
    public bool Logged(Func<string, bool> match) => SpinWait.SpinUntil(() => _lines.Any(match), TimeSpan.FromSeconds(20));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner._lines.Enqueue(formatter(state, exception));
        }
    }
}
