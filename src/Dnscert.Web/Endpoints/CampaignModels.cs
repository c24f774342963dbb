using Dnscert.Core.Store;
using Dnscert.Web.Campaigns;

namespace Dnscert.Web.Endpoints;

internal sealed record CampaignPartyDto(
    string StakeholderId,
    string State,
    bool Overdue,
    int DomainCount,
    IReadOnlyList<string>? Domains,
    DateTimeOffset? NotifiedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? LastReminderAt,
    int Reminders)
{
    public static CampaignPartyDto Of(StoredCampaign c, StoredCampaignParty p, DateTimeOffset now, bool withDomains) => new(
        p.StakeholderId, Pages.CampaignPages.StateCode(p.State), p.IsOverdue(c.AcknowledgeBy, c.CompleteBy, now), p.DomainCount, withDomains ? p.Domains : null,
        p.NotifiedAt, p.AcknowledgedAt, p.CompletedAt, p.LastReminderAt, p.Reminders);
}

internal sealed record CampaignEventDto(DateTimeOffset At, string Actor, string Kind, string? StakeholderId, string Text)
{
    public static CampaignEventDto Of(CampaignEvent e) => new(e.At, e.Actor, e.Kind.ToString().ToLowerInvariant(), e.StakeholderId, e.Text);
}

internal sealed record CampaignDto(
    Guid Id,
    string Name,
    Tlp Tlp,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    int InputCount,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset CompleteBy,
    int Completed,
    int Overdue,
    IReadOnlyList<CampaignPartyDto> Parties,
    IReadOnlyList<string>? Unrouted,
    IReadOnlyList<string>? Rejected,
    IReadOnlyList<string>? Duplicates,
    IReadOnlyList<CampaignEventDto>? Events)
{
    public static CampaignDto Of(StoredCampaign c, DateTimeOffset now, bool full) => new(
        c.Id, c.Name, c.Tlp, c.CreatedBy, c.CreatedAt, c.InputCount, c.AcknowledgeBy, c.CompleteBy,
        c.Parties.Count(p => p.State == CampaignPartyState.Completed),
        c.Parties.Count(p => p.IsOverdue(c.AcknowledgeBy, c.CompleteBy, now)),
        [.. c.Parties.Select(p => CampaignPartyDto.Of(c, p, now, full))],
        full ? c.Unrouted : null,
        full ? c.Rejected : null,
        full ? c.Duplicates : null,
        full ? [.. c.Events.Select(CampaignEventDto.Of)] : null);
}

internal sealed record CreateCampaignRequest(string? Name, IReadOnlyList<string>? Domains, Tlp? Tlp, string? Due);

internal sealed record CampaignPartyRequest(string? StakeholderId, string? Note);

internal sealed record StakeholderTimingDto(string StakeholderId, int Notified, int Acknowledged, int Completed, double? MedianHoursToAcknowledge, double? P90HoursToAcknowledge, double? MedianHoursToComplete, double? P90HoursToComplete)
{
    public static StakeholderTimingDto Of(StakeholderTiming t) => new(
        t.StakeholderId, t.Notified, t.Acknowledged, t.Completed, t.MedianToAcknowledge?.TotalHours, t.P90ToAcknowledge?.TotalHours, t.MedianToComplete?.TotalHours, t.P90ToComplete?.TotalHours);
}
