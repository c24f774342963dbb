using Dnscert.Coordination.Stakeholders;
using Dnscert.Core;
using Dnscert.Core.Store;
using Dnscert.Exchange.Campaigns;
using Dnscert.Exchange.Notifications;

namespace Dnscert.Web.Campaigns;

/// <summary>
/// Campaigns end to end for the pages, the API, the CLI and the reminder worker: reads the domain list with its limits,
/// splits it per TLD registry of the stakeholder directory, stores the campaign, writes one message per party into the
/// outbox (through <see cref="Notifier"/>, in the party's language, its share as CSV, with signed acknowledgement and
/// completion links), and records acknowledgements, completions and reminders. Every read goes through the TLP filter
/// as the given viewer; a campaign the viewer may not see is "not found". A change that loses a race with another
/// (a link clicked while a reminder is saved) is read again and re-applied, at most three times.
/// </summary>
public sealed class CampaignService
{
    /// <summary>The longest campaign name.</summary>
    public const int MaxNameLength = 200;

    private const int MaxAttempts = 3;
    private readonly IDnscertStore _store;
    private readonly Notifier _notifier;
    private readonly AcknowledgementToken _tokens;
    private readonly TimeProvider _time;
    private readonly CampaignOptions _options;

    public CampaignService(IDnscertStore store, Notifier notifier, AcknowledgementToken tokens, TimeProvider time, CampaignOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _notifier = notifier;
        _tokens = tokens;
        _time = time;
        _options = options;
    }

    public CampaignOptions Options => _options;

    /// <summary>
    /// Creates and sends a campaign. <paramref name="domains"/> is the list as text (one name per line), read from
    /// <paramref name="source"/> (a file name or "form"); <paramref name="due"/> is the completion due time from now
    /// (default <see cref="CampaignOptions.DefaultDue"/>). Throws <see cref="DnscertException"/> for a list beyond its
    /// limits, a bad name, or no domain with a known registry.
    /// </summary>
    public async Task<CampaignCreation> CreateAsync(string actor, string name, string domains, string source, Tlp tlp, TimeSpan? due, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        name = (name ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            throw new DnscertException($"a campaign name has 1 to {MaxNameLength} characters and no control characters");
        }

        var within = due ?? _options.DefaultDue;
        if (within <= TimeSpan.Zero || within > TimeSpan.FromDays(366))
        {
            throw new DnscertException("the due time must be between 1 second and 366 days");
        }

        var lines = CampaignDomainList.Read(domains ?? "", source);
        var directory = (await StakeholderDirectory.LoadAsync(_store.Stakeholders, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var plan = Campaign.Plan(name, lines, Registries(directory.Values), _time);
        if (plan.Parties.Count == 0)
        {
            throw new DnscertException($"{source}: none of the {plan.InputCount} name(s) has a TLD registry in the stakeholder directory ({plan.Unrouted.Count} without a registry, {plan.Rejected.Count} rejected)");
        }

        var now = plan.Created;
        var campaign = CampaignLedger.Create(plan, tlp, actor, now + (within < _options.AcknowledgeWithin ? within : _options.AcknowledgeWithin), now + within);
        await _store.Campaigns.SaveAsync(campaign, cancellationToken).ConfigureAwait(false);
        var withoutContact = new List<string>();
        foreach (var party in campaign.Parties)
        {
            if (Recipient(directory, party.StakeholderId) is not { } recipient)
            {
                withoutContact.Add(party.StakeholderId);
                continue;
            }

            await _notifier.NotifyCampaignAsync(recipient, Notice(campaign, party, reminder: false), cancellationToken).ConfigureAwait(false);
            campaign = CampaignLedger.MarkNotified(campaign, party.StakeholderId, _time.GetUtcNow(), "system:campaigns");
        }

        await _store.Campaigns.SaveAsync(campaign, cancellationToken).ConfigureAwait(false);
        return new CampaignCreation(campaign, withoutContact);
    }

    public Task<StoredCampaign?> GetAsync(Viewer viewer, Guid id, CancellationToken cancellationToken = default) =>
        _store.Campaigns.GetAsync(id, viewer, cancellationToken);

    /// <summary>Records <paramref name="stakeholderId"/>'s acknowledgement; null when the campaign is missing or not visible to <paramref name="viewer"/>.</summary>
    public Task<(StoredCampaign Campaign, bool Changed)?> AcknowledgeAsync(Viewer viewer, Guid id, string stakeholderId, string actor, string how, CancellationToken cancellationToken = default) =>
        ChangeAsync(viewer, id, c => CampaignLedger.Acknowledge(c, stakeholderId, _time.GetUtcNow(), actor, how), cancellationToken);

    /// <summary>Records <paramref name="stakeholderId"/>'s completion; null when the campaign is missing or not visible.</summary>
    public Task<(StoredCampaign Campaign, bool Changed)?> CompleteAsync(Viewer viewer, Guid id, string stakeholderId, string actor, string how, CancellationToken cancellationToken = default) =>
        ChangeAsync(viewer, id, c => CampaignLedger.Complete(c, stakeholderId, _time.GetUtcNow(), actor, how), cancellationToken);

    /// <summary>
    /// Sends reminders to the overdue parties of campaign <paramref name="id"/>: those whose back-off has passed, or
    /// every overdue one with <paramref name="force"/> (<c>dnscert campaign remind</c>). Returns the parties reminded,
    /// or null when the campaign is missing or not visible.
    /// </summary>
    public async Task<IReadOnlyList<string>?> RemindAsync(Viewer viewer, Guid id, bool force, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var campaign = await _store.Campaigns.GetAsync(id, viewer, cancellationToken).ConfigureAwait(false);
            if (campaign is null)
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var due = force
                ? [.. campaign.Parties.Where(p => p.IsOverdue(campaign.AcknowledgeBy, campaign.CompleteBy, now))]
                : CampaignLedger.DueReminders(campaign, now, _options.ReminderInterval, _options.MaxReminderInterval);
            if (due.Count == 0)
            {
                return [];
            }

            var directory = (await StakeholderDirectory.LoadAsync(_store.Stakeholders, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
            var reminded = new List<(StoredCampaignParty Party, Recipient Recipient)>();
            var changed = campaign;
            foreach (var party in due)
            {
                if (Recipient(directory, party.StakeholderId) is { } recipient)
                {
                    changed = CampaignLedger.MarkReminded(changed, party.StakeholderId, now, "system:campaigns");
                    reminded.Add((party, recipient));
                }
            }

            try
            {
                // Saved before the messages are queued: a reminder lost to a crash in between is sent again at the next
                // round, while a saved-after order could send the same reminder twice after a lost race.
                await _store.Campaigns.SaveAsync(changed, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException) when (attempt < MaxAttempts)
            {
                continue;
            }

            foreach (var (party, recipient) in reminded)
            {
                await _notifier.NotifyCampaignAsync(recipient, Notice(changed, party, reminder: true), cancellationToken).ConfigureAwait(false);
            }

            return [.. reminded.Select(r => r.Party.StakeholderId)];
        }
    }

    /// <summary>One round of the reminder worker over every open campaign; returns how many parties were reminded.</summary>
    public async Task<int> RemindDueAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        foreach (var id in await _store.Campaigns.ListOpenAsync(cancellationToken).ConfigureAwait(false))
        {
            total += (await RemindAsync(Viewer.System, id, force: false, cancellationToken).ConfigureAwait(false))?.Count ?? 0;
        }

        return total;
    }

    /// <summary>Time to acknowledge and to complete per stakeholder over the campaigns <paramref name="viewer"/> may see.</summary>
    public async Task<IReadOnlyList<StakeholderTiming>> TimingsAsync(Viewer viewer, CancellationToken cancellationToken = default) =>
        StakeholderTiming.Compute(await _store.Campaigns.TimingsAsync(viewer, cancellationToken).ConfigureAwait(false));

    /// <summary>The link that acknowledges or completes <paramref name="stakeholderId"/>'s share.</summary>
    public string Link(Guid campaignId, string stakeholderId, AcknowledgementPurpose purpose) =>
        $"{_options.PublicUrl.TrimEnd('/')}/ack/campaign/{_tokens.Create(campaignId, stakeholderId, _options.LinkValidity, purpose)}";

    /// <summary>The TLD registries of the directory by their domain suffixes (the longest suffix wins, as in routing).</summary>
    internal static SuffixRegistryMap Registries(IEnumerable<Stakeholder> directory)
    {
        var bySuffix = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in directory.Where(s => s.Type == StakeholderType.TldRegistry).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            foreach (var suffix in s.Constituency.DomainSuffixes)
            {
                bySuffix.TryAdd(suffix, s.Id);
            }
        }

        return new SuffixRegistryMap(bySuffix);
    }

    private static Recipient? Recipient(Dictionary<string, Stakeholder> directory, string stakeholderId) =>
        directory.TryGetValue(stakeholderId, out var s) && s.Contacts.Count > 0
            ? new Recipient(s.Id, s.Name, NotificationChannel.Email, s.Contacts[0].Email, s.Languages.Count > 0 ? s.Languages[0] : "en")
            : null;

    private CampaignNotice Notice(StoredCampaign campaign, StoredCampaignParty party, bool reminder) => new(
        campaign.Id,
        campaign.Name,
        campaign.Tlp,
        party.Domains,
        campaign.AcknowledgeBy,
        campaign.CompleteBy,
        Link(campaign.Id, party.StakeholderId, AcknowledgementPurpose.CampaignAcknowledge),
        Link(campaign.Id, party.StakeholderId, AcknowledgementPurpose.CampaignComplete),
        reminder);

    private async Task<(StoredCampaign Campaign, bool Changed)?> ChangeAsync(Viewer viewer, Guid id, Func<StoredCampaign, (StoredCampaign Campaign, bool Changed)> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var campaign = await _store.Campaigns.GetAsync(id, viewer, cancellationToken).ConfigureAwait(false);
            if (campaign is null)
            {
                return null;
            }

            var result = change(campaign);
            if (!result.Changed)
            {
                return result;
            }

            try
            {
                await _store.Campaigns.SaveAsync(result.Campaign, cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (StoreException) when (attempt < MaxAttempts)
            {
                // Someone else changed the campaign since it was read: read it again and apply the change to that.
            }
        }
    }
}
