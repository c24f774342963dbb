using Microsoft.Extensions.Logging;

namespace Dnscert.Checks.Monitor;

/// <summary>Monitor log events (2000–2999 is the Checks project's range).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Checked {Zone}: highest severity {Severity}, {Queries} queries in {Milliseconds} ms.")]
    public static partial void Checked(ILogger logger, string zone, string severity, int queries, long milliseconds);

    [LoggerMessage(2002, LogLevel.Warning, "Checking {Zone} failed; next try in {Delay}.")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string zone, TimeSpan delay);

    [LoggerMessage(2003, LogLevel.Warning, "The schedule could not be read; trying again at the next tick.")]
    public static partial void ScheduleUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(2004, LogLevel.Warning, "The delegation of {Zone} changed: {Summary}")]
    public static partial void DelegationChanged(ILogger logger, string zone, string summary);
}
