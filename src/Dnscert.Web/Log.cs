using Microsoft.Extensions.Logging;

namespace Dnscert.Web;

/// <summary>The web project's log messages (event ids 9000-9999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "User {User} signed in.")]
    public static partial void SignedIn(ILogger logger, string user);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "A sign-in as {User} was refused.")]
    public static partial void SignInRefused(ILogger logger, string user);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "User {User} added {Count} zones to set {Set}.")]
    public static partial void ZonesAdded(ILogger logger, string user, int count, string set);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "User {User} asked for a check of {Zone} now.")]
    public static partial void CheckRequested(ILogger logger, string user, string zone);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "User {User} confirmed the baseline of {Zone}.")]
    public static partial void BaselineConfirmed(ILogger logger, string user, string zone);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "User {User} created an API token {Id} with role {Role}.")]
    public static partial void TokenCreated(ILogger logger, string user, string id, string role);

    [LoggerMessage(EventId = 9007, Level = LogLevel.Error, Message = "A request to {Path} failed.")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Reminded {Count} overdue campaign parties.")]
    public static partial void CampaignReminders(ILogger logger, int count);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "A campaign reminder round failed and will be tried again: {Problem}.")]
    public static partial void CampaignRemindersFailed(ILogger logger, string problem);
}
