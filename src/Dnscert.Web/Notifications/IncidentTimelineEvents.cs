using System.Globalization;
using Dnscert.Core.Store;
using Dnscert.Exchange.Notifications;

namespace Dnscert.Web.Notifications;

/// <summary>
/// Writes every delivery state change of an outbox message on the timeline of each incident it is about: sent, a
/// failure with its reason and the retry time, or given up. Ids that are no incident (a campaign's) are ignored.
/// </summary>
public sealed class IncidentTimelineEvents : INotificationEvents
{
    public const string Actor = "system:outbox";

    private readonly IDnscertStore _store;
    private readonly TimeProvider _time;

    public IncidentTimelineEvents(IDnscertStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
    }

    public async Task DeliveryChangedAsync(Guid incidentId, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Describe(message);
        await IncidentUpdates.ApplyAsync(
            _store,
            incidentId,
            incident =>
            {
                incident.RecordMessage(text, Actor, _time.GetUtcNow());
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The timeline text for a message's state: what, to whom, which attempt, and why it failed.</summary>
    public static string Describe(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var what = $"{Channel(message.Channel)} {message.Id} to {message.StakeholderId}";
        var error = Shorten(message.LastError);
        return message.State switch
        {
            OutboxState.Sent => $"{what} sent (attempt {message.Attempts})",
            OutboxState.Pending when message.Attempts > 0 => $"{what} failed (attempt {message.Attempts}: {error}); retry scheduled at {message.NextAttemptAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
            OutboxState.Pending => $"{what} queued ({message.Language})",
            OutboxState.Failed => $"{what} failed for good after {message.Attempts} attempt(s): {error}",
            _ => $"{what} is being sent",
        };
    }

    internal static string Channel(NotificationChannel channel) => channel == NotificationChannel.Email ? "e-mail" : "webhook";

    private static string Shorten(string? text) =>
        string.IsNullOrEmpty(text) ? "no reason given" : text.Length <= 500 ? text : text[..500] + "…";
}
