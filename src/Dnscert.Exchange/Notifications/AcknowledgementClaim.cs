namespace Dnscert.Exchange.Notifications;

/// <summary>What a valid acknowledgement token says: which stakeholder acknowledges which incident, and until when the link works.</summary>
public sealed record AcknowledgementClaim(Guid IncidentId, string StakeholderId, DateTimeOffset Expires);
