namespace Dnscert.Exchange.Notifications;

/// <summary>Sends one outbox message over one channel; throws <see cref="NotificationDeliveryException"/> when it cannot.</summary>
public interface INotificationTransport
{
    NotificationChannel Channel { get; }

    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken = default);
}
