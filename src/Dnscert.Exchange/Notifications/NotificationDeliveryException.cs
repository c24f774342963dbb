using Dnscert.Core;

namespace Dnscert.Exchange.Notifications;

/// <summary>
/// A delivery that did not happen. <see cref="Permanent"/> is true when retrying cannot help (a mailbox that does not
/// exist, a webhook answering 4xx other than 408/429), so the outbox fails the message at once.
/// </summary>
public sealed class NotificationDeliveryException : DnscertException
{
    public NotificationDeliveryException()
    {
    }

    public NotificationDeliveryException(string message)
        : base(message)
    {
    }

    public NotificationDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NotificationDeliveryException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException!)
    {
        Permanent = permanent;
    }

    public bool Permanent { get; }
}
