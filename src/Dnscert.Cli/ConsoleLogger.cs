using Microsoft.Extensions.Logging;

namespace Dnscert.Cli;

/// <summary>
/// Log lines of the long-running commands on standard error, one line each ("dnscert: warning: ..."). Hand-written
/// because the console provider of Microsoft.Extensions.Logging writes two-line entries to standard output on a
/// background thread, which mixes with command output and loses the last lines when the process ends.
/// </summary>
internal sealed class ConsoleLogger(TextWriter error, LogLevel minimum) : ILogger
{
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"dnscert: {logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}{(exception is null ? "" : " (" + exception.Message + ")")}";
        lock (_lock)
        {
            error.WriteLine(line);
        }
    }
}
