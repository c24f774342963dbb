using Dnscert.Exchange.Notifications;
using Microsoft.Extensions.Logging;

namespace Dnscert.Exchange;

/// <summary>The exchange project's log messages; event ids 6000–6999 (ARCHITECTURE.md, convention 7). Addresses are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Outbox message {MessageId} to stakeholder {StakeholderId} sent by {Channel} after {Attempts} attempt(s).")]
    public static partial void Sent(ILogger logger, Guid messageId, string stakeholderId, NotificationChannel channel, int attempts);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Outbox message {MessageId} to stakeholder {StakeholderId} failed (attempt {Attempts}), retrying at {RetryAt}: {Problem}.")]
    public static partial void Retrying(ILogger logger, Guid messageId, string stakeholderId, int attempts, DateTimeOffset retryAt, string problem);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Outbox message {MessageId} to stakeholder {StakeholderId} failed for good after {Attempts} attempt(s): {Problem}.")]
    public static partial void Failed(ILogger logger, Guid messageId, string stakeholderId, int attempts, string problem);
}
