using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.Exchange.Notifications;

/// <summary>One thing to tell a stakeholder about: an incident (title, TLP, severity, subjects) and its acknowledgement link.</summary>
public sealed record NotificationItem(
    Guid IncidentId,
    string Title,
    Tlp Tlp,
    Severity Severity,
    IReadOnlyList<string> Subjects,
    string AcknowledgeUrl);
