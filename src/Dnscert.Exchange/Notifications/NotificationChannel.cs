namespace Dnscert.Exchange.Notifications;

/// <summary>How a message travels.</summary>
public enum NotificationChannel
{
    Email = 0,
    Webhook = 1,
}
