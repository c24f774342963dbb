namespace Dnscert.Exchange.Notifications;

/// <summary>Whether a stakeholder gets one message per item or one digest per period.</summary>
public enum DeliveryMode
{
    Immediate = 0,
    Digest = 1,
}
