using Microsoft.Extensions.Logging;

namespace Dnscert.Store;

/// <summary>The store's log messages; event ids 7000–7999 (ARCHITECTURE.md, convention 7).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "{Database}: {Operation} failed (attempt {Attempt} of {MaxAttempts}), retrying in {Delay}: {Problem}.")]
    public static partial void Retrying(ILogger logger, string database, string operation, int attempt, int maxAttempts, TimeSpan delay, string problem);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "{Database}: {Operation} failed after {Attempts} attempt(s): {Problem}.")]
    public static partial void Failed(ILogger logger, string database, string operation, int attempts, string problem);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "{Database}: applied schema migrations {Versions}.")]
    public static partial void Migrated(ILogger logger, string database, IReadOnlyList<int> versions);
}
