using Dnscert.Exchange.Import;

namespace Dnscert.Exchange.Campaigns;

/// <summary>
/// One coordinated action across many registries: a list of domains (for example the names a DGA will generate) split
/// per responsible registry, each party's share tracked from sending to acknowledgement and completion. Changes go
/// through its methods; an acknowledgement or completion for a party that is not in the campaign, or completion before
/// sending, throws.
/// </summary>
public sealed class Campaign
{
    /// <summary>The most domains one campaign takes.</summary>
    public const int MaxDomains = 100_000;

    private readonly Dictionary<string, CampaignParty> _parties;

    private Campaign(Guid id, string name, DateTimeOffset created, Dictionary<string, CampaignParty> parties, IReadOnlyList<string> unrouted, IReadOnlyList<ImportRejection> rejected, IReadOnlyList<ImportRejection> duplicates, int inputCount)
    {
        Duplicates = duplicates;
        InputCount = inputCount;
        Id = id;
        Name = name;
        Created = created;
        _parties = parties;
        Unrouted = unrouted;
        Rejected = rejected;
    }

    public Guid Id { get; }

    public string Name { get; }

    public DateTimeOffset Created { get; }

    /// <summary>Valid domains no registry is known for; nobody is told about them.</summary>
    public IReadOnlyList<string> Unrouted { get; }

    /// <summary>Input lines that are not domain names, with the reason.</summary>
    public IReadOnlyList<ImportRejection> Rejected { get; }

    /// <summary>Names given again after their first line (the first one counts), with the line of each repetition.</summary>
    public IReadOnlyList<ImportRejection> Duplicates { get; }

    /// <summary>The non-blank input lines read.</summary>
    public int InputCount { get; }

    public IReadOnlyList<CampaignParty> Parties => [.. _parties.Values.OrderBy(p => p.StakeholderId, StringComparer.Ordinal)];

    /// <summary>Splits <paramref name="domains"/> per registry; duplicates are merged, invalid names rejected.</summary>
    public static Campaign Plan(string name, IEnumerable<string> domains, IRegistryResolver registries, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(domains);
        ArgumentNullException.ThrowIfNull(registries);
        ArgumentNullException.ThrowIfNull(time);
        var shares = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var unrouted = new SortedSet<string>(StringComparer.Ordinal);
        var rejected = new List<ImportRejection>();
        var duplicates = new List<ImportRejection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var line = 0;
        var inputCount = 0;
        foreach (var raw in domains)
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                // Blank lines (and comments blanked by CampaignDomainList) keep the line numbers; they are not names.
                continue;
            }

            if (++inputCount > MaxDomains)
            {
                throw new ExchangeFormatException($"campaign {name} line {line}: more than {MaxDomains} domains.");
            }

            if (!SubjectReader.TryDomain(raw, Core.Store.SubjectKind.Domain, 253, out var subject, out var reason))
            {
                rejected.Add(new ImportRejection($"line {line}", reason));
                continue;
            }

            if (!seen.Add(subject.Value))
            {
                duplicates.Add(new ImportRejection($"line {line}", $"{subject.Value} was given before"));
                continue;
            }

            var registry = registries.RegistryFor(subject.Value);
            if (registry is null)
            {
                unrouted.Add(subject.Value);
                continue;
            }

            if (!shares.TryGetValue(registry, out var share))
            {
                shares[registry] = share = new SortedSet<string>(StringComparer.Ordinal);
            }

            share.Add(subject.Value);
        }

        var now = time.GetUtcNow();
        return new Campaign(
            Guid.CreateVersion7(now),
            name,
            now,
            shares.ToDictionary(s => s.Key, s => new CampaignParty(s.Key, [.. s.Value]), StringComparer.Ordinal),
            [.. unrouted],
            rejected,
            duplicates,
            inputCount);
    }

    public CampaignParty Party(string stakeholderId) =>
        _parties.TryGetValue(stakeholderId, out var party)
            ? party
            : throw new InvalidOperationException($"Stakeholder {stakeholderId} has no share in campaign {Name}.");

    public void MarkSent(string stakeholderId, DateTimeOffset at) => _parties[stakeholderId] = Party(stakeholderId) with { SentAt = at };

    public void MarkReminded(string stakeholderId, DateTimeOffset at) => _parties[stakeholderId] = Party(stakeholderId) with { LastReminderAt = at };

    /// <summary>Records the first acknowledgement; a repeated one keeps the first time.</summary>
    public void Acknowledge(string stakeholderId, DateTimeOffset at)
    {
        var party = Party(stakeholderId);
        if (party.SentAt is null)
        {
            throw new InvalidOperationException($"Campaign {Name}: {stakeholderId} acknowledged a share that was never sent.");
        }

        _parties[stakeholderId] = party with { AcknowledgedAt = party.AcknowledgedAt ?? at };
    }

    /// <summary>Records completion (which implies acknowledgement).</summary>
    public void Complete(string stakeholderId, DateTimeOffset at)
    {
        Acknowledge(stakeholderId, at);
        var party = Party(stakeholderId);
        _parties[stakeholderId] = party with { CompletedAt = party.CompletedAt ?? at };
    }

    /// <summary>
    /// Parties that need a reminder at <paramref name="now"/>: sent but not acknowledged within
    /// <paramref name="acknowledgeWithin"/>, or acknowledged but not completed within <paramref name="completeWithin"/>,
    /// and not reminded during the last <paramref name="acknowledgeWithin"/>.
    /// </summary>
    public IReadOnlyList<CampaignParty> Overdue(DateTimeOffset now, TimeSpan acknowledgeWithin, TimeSpan completeWithin) =>
        [.. Parties.Where(p => p.SentAt is { } sent
            && p.CompletedAt is null
            && (p.AcknowledgedAt is null ? now - sent > acknowledgeWithin : now - sent > completeWithin)
            && (p.LastReminderAt is null || now - p.LastReminderAt.Value > acknowledgeWithin))];
}
