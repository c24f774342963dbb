namespace Dnscert.Exchange.Notifications;

/// <summary>
/// What a valid acknowledgement token says: which stakeholder acknowledges which incident (or campaign, by
/// <see cref="Purpose"/>), and until when the link works.
/// </summary>
public sealed record AcknowledgementClaim(Guid IncidentId, string StakeholderId, DateTimeOffset Expires)
{
    public AcknowledgementPurpose Purpose { get; init; } = AcknowledgementPurpose.Incident;
}
