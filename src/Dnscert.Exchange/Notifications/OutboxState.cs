namespace Dnscert.Exchange.Notifications;

/// <summary>Where an outbox message is: Pending → Sending → Sent, or back to Pending for a retry, or Failed for good.</summary>
public enum OutboxState
{
    Pending = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
}
