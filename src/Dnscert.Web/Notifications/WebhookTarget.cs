namespace Dnscert.Web.Notifications;

/// <summary>A stakeholder's webhook (<c>Dnscert:Notifications:Webhooks:&lt;stakeholder id&gt;</c>): where to POST and the shared HMAC secret.</summary>
public sealed class WebhookTarget
{
    public string Url { get; set; } = "";

    public string Secret { get; set; } = "";
}
