using System.Globalization;
using Dnscert.Core.Store;

namespace Dnscert.Exchange.Campaigns;

/// <summary>
/// The rules of a stored campaign's life, as pure functions that return the changed campaign with one event appended
/// (nothing here reads a clock or the store): a party moves Pending → Notified → Acknowledged → Completed; completing
/// a notified share records its acknowledgement too; a repeated acknowledgement or completion changes nothing; anything
/// else (acknowledging a share never sent, an unknown party) throws <see cref="CampaignTransitionException"/>.
/// </summary>
public static class CampaignLedger
{
    /// <summary>The most rejected, duplicate or unrouted names kept with a campaign; the rest is counted in a last line.</summary>
    public const int MaxKeptProblems = 1000;

    /// <summary>A new campaign from <paramref name="plan"/>: every party Pending, one Created event that counts what went where.</summary>
    public static StoredCampaign Create(Campaign plan, Tlp tlp, string createdBy, DateTimeOffset acknowledgeBy, DateTimeOffset completeBy)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrEmpty(createdBy);
        if (completeBy < acknowledgeBy || acknowledgeBy < plan.Created)
        {
            throw new CampaignTransitionException($"campaign {plan.Name}: the acknowledgement is due before completion, and both after creation.");
        }

        var parties = plan.Parties.Select(p => new StoredCampaignParty(p.StakeholderId, p.Domains.Count, p.Domains, CampaignPartyState.Pending, null, null, null, null, 0)).ToList();
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"created with {plan.InputCount} name(s): {parties.Sum(p => p.DomainCount)} for {parties.Count} registr{(parties.Count == 1 ? "y" : "ies")}, "
            + $"{plan.Unrouted.Count} without a known registry, {plan.Rejected.Count} rejected, {plan.Duplicates.Count} duplicate(s)");
        return new StoredCampaign(
            plan.Id,
            plan.Name,
            tlp,
            createdBy,
            plan.Created,
            plan.InputCount,
            acknowledgeBy,
            completeBy,
            Bounded(plan.Unrouted),
            Bounded([.. plan.Rejected.Select(r => $"{r.Location}: {r.Reason}")]),
            Bounded([.. plan.Duplicates.Select(r => $"{r.Location}: {r.Reason}")]),
            parties,
            [new CampaignEvent(plan.Created, createdBy, CampaignEventKind.Created, null, text)]);
    }

    /// <summary>The party's share was written to the outbox.</summary>
    public static StoredCampaign MarkNotified(StoredCampaign campaign, string stakeholderId, DateTimeOffset at, string actor)
    {
        var party = Party(campaign, stakeholderId);
        if (party.State != CampaignPartyState.Pending)
        {
            throw new CampaignTransitionException($"campaign {campaign.Name}: the share of {stakeholderId} was already sent.");
        }

        return With(campaign, party with { State = CampaignPartyState.Notified, NotifiedAt = at }, new CampaignEvent(at, actor, CampaignEventKind.Sent, stakeholderId, $"share of {party.DomainCount} name(s) sent to {stakeholderId}"));
    }

    /// <summary>A reminder was written to the outbox for an overdue party.</summary>
    public static StoredCampaign MarkReminded(StoredCampaign campaign, string stakeholderId, DateTimeOffset at, string actor)
    {
        var party = Party(campaign, stakeholderId);
        if (party.State is CampaignPartyState.Pending or CampaignPartyState.Completed)
        {
            throw new CampaignTransitionException($"campaign {campaign.Name}: {stakeholderId} has nothing to be reminded of.");
        }

        var count = party.Reminders + 1;
        return With(campaign, party with { LastReminderAt = at, Reminders = count }, new CampaignEvent(at, actor, CampaignEventKind.Reminder, stakeholderId, string.Create(CultureInfo.InvariantCulture, $"reminder {count} sent to {stakeholderId}")));
    }

    /// <summary>Records the party's acknowledgement; false (and the same campaign) when it was already recorded.</summary>
    public static (StoredCampaign Campaign, bool Changed) Acknowledge(StoredCampaign campaign, string stakeholderId, DateTimeOffset at, string actor, string how)
    {
        var party = Party(campaign, stakeholderId);
        return party.State switch
        {
            CampaignPartyState.Pending => throw new CampaignTransitionException($"campaign {campaign.Name}: the share of {stakeholderId} was never sent, so it cannot be acknowledged."),
            CampaignPartyState.Notified => (With(campaign, party with { State = CampaignPartyState.Acknowledged, AcknowledgedAt = at }, new CampaignEvent(at, actor, CampaignEventKind.Acknowledged, stakeholderId, $"acknowledged by {stakeholderId} {how}")), true),
            _ => (campaign, false),
        };
    }

    /// <summary>Records the party's completion (and its acknowledgement when there was none); false when already completed.</summary>
    public static (StoredCampaign Campaign, bool Changed) Complete(StoredCampaign campaign, string stakeholderId, DateTimeOffset at, string actor, string how)
    {
        var party = Party(campaign, stakeholderId);
        return party.State switch
        {
            CampaignPartyState.Pending => throw new CampaignTransitionException($"campaign {campaign.Name}: the share of {stakeholderId} was never sent, so it cannot be completed."),
            CampaignPartyState.Completed => (campaign, false),
            _ => (With(campaign, party with { State = CampaignPartyState.Completed, AcknowledgedAt = party.AcknowledgedAt ?? at, CompletedAt = at }, new CampaignEvent(at, actor, CampaignEventKind.Completed, stakeholderId, $"completed by {stakeholderId} {how}")), true),
        };
    }

    /// <summary>
    /// The parties to remind at <paramref name="now"/>: overdue, and either never reminded or reminded longer ago than
    /// the back-off (<paramref name="interval"/> doubled per reminder already sent, at most <paramref name="maxInterval"/>).
    /// </summary>
    public static IReadOnlyList<StoredCampaignParty> DueReminders(StoredCampaign campaign, DateTimeOffset now, TimeSpan interval, TimeSpan maxInterval)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return [.. campaign.Parties.Where(p => p.IsOverdue(campaign.AcknowledgeBy, campaign.CompleteBy, now)
            && (p.LastReminderAt is not { } last || now - last >= Backoff(p.Reminders, interval, maxInterval)))];
    }

    /// <summary>The wait after the <paramref name="reminders"/>-th reminder: interval × 2^(reminders − 1), capped.</summary>
    public static TimeSpan Backoff(int reminders, TimeSpan interval, TimeSpan maxInterval)
    {
        var factor = Math.Pow(2, Math.Clamp(reminders - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(interval.Ticks * factor, maxInterval.Ticks));
    }

    private static StoredCampaignParty Party(StoredCampaign campaign, string stakeholderId)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return campaign.Parties.FirstOrDefault(p => string.Equals(p.StakeholderId, stakeholderId, StringComparison.Ordinal))
            ?? throw new CampaignTransitionException($"campaign {campaign.Name} has no party {stakeholderId}.");
    }

    private static StoredCampaign With(StoredCampaign campaign, StoredCampaignParty party, CampaignEvent e) => campaign with
    {
        Parties = [.. campaign.Parties.Select(p => string.Equals(p.StakeholderId, party.StakeholderId, StringComparison.Ordinal) ? party : p)],
        Events = [.. campaign.Events, e],
    };

    private static IReadOnlyList<string> Bounded(IReadOnlyList<string> items) =>
        items.Count <= MaxKeptProblems
            ? items
            : [.. items.Take(MaxKeptProblems), string.Create(CultureInfo.InvariantCulture, $"… and {items.Count - MaxKeptProblems} more")];
}
