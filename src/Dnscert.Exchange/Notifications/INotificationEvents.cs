namespace Dnscert.Exchange.Notifications;

/// <summary>
/// Receives delivery results so they land on the incident timeline. The coordination side implements it with its
/// Incident aggregate; Exchange only calls it.
/// </summary>
public interface INotificationEvents
{
    /// <summary>A message about <paramref name="incidentId"/> was delivered, will be retried, or failed for good.</summary>
    Task DeliveryChangedAsync(Guid incidentId, OutboxMessage message, CancellationToken cancellationToken = default);
}
