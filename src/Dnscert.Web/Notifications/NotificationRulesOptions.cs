using Dnscert.Coordination.Incidents;

namespace Dnscert.Web.Notifications;

/// <summary>
/// When an incident notifies its stakeholders (section <c>Dnscert:Notifications</c>): on triage by an analyst, and/or
/// automatically once a new incident reaches <see cref="AutomaticMinimumSeverity"/>; for which threat types; who gets
/// a digest instead of one message per incident, and how often; which stakeholders are reached by webhook instead of
/// e-mail; and which organisations get a copy of every incident TLP lets them read (a national CERT, say).
/// </summary>
public sealed class NotificationRulesOptions
{
    public const string Section = "Dnscert:Notifications";

    /// <summary>The most entries in each list and map.</summary>
    public const int MaxEntries = 1000;

    /// <summary>Off: no incident is notified automatically (analysts still move incidents to notified by hand).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>An incident an analyst moved to triaged is notified.</summary>
    public bool OnTriage { get; set; } = true;

    /// <summary>A new incident of this severity or worse is triaged and notified without waiting for an analyst; unset: never.</summary>
    public string? AutomaticMinimumSeverity { get; set; }

    /// <summary>Threat type ids or patterns (<c>infra.*</c>) of the incidents notified; empty means all.</summary>
    public List<string> ThreatTypes { get; set; } = [];

    /// <summary>Organisations that also receive every notified incident the TLP filter lets them read.</summary>
    public List<string> AlsoNotify { get; set; } = [];

    /// <summary>Stakeholder ids that get one digest per <see cref="DigestPeriod"/> instead of one message per incident.</summary>
    public List<string> Digest { get; set; } = [];

    public TimeSpan DigestPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Stakeholder id → webhook; those stakeholders are notified by webhook instead of e-mail.</summary>
    public Dictionary<string, WebhookTarget> Webhooks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long an acknowledgement link works.</summary>
    public TimeSpan LinkValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often new and triaged incidents are looked at.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems with these settings, each naming its key; empty when usable.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (AutomaticMinimumSeverity is not null && IncidentRulesOptions.ParseSeverity(AutomaticMinimumSeverity) is null)
        {
            problems.Add($"{Section}:AutomaticMinimumSeverity '{AutomaticMinimumSeverity}' is not one of debug, info, notice, warning, error, critical.");
        }

        if (ThreatTypes.Count > MaxEntries || AlsoNotify.Count > MaxEntries || Digest.Count > MaxEntries || Webhooks.Count > MaxEntries)
        {
            problems.Add($"{Section}: ThreatTypes, AlsoNotify, Digest and Webhooks hold at most {MaxEntries} entries each.");
        }

        foreach (var pattern in ThreatTypes.Where(p => !Dnscert.Core.Catalog.ThreatTypes.All.Any(t => IncidentPolicy.MatchesThreatType(p ?? "", t.Id))))
        {
            problems.Add($"{Section}:ThreatTypes: '{pattern}' matches no threat type of the catalogue.");
        }

        if (DigestPeriod < TimeSpan.FromMinutes(1) || DigestPeriod > TimeSpan.FromDays(31))
        {
            problems.Add($"{Section}:DigestPeriod must be between 1 minute and 31 days.");
        }

        if (LinkValidity < TimeSpan.FromHours(1) || LinkValidity > TimeSpan.FromDays(365))
        {
            problems.Add($"{Section}:LinkValidity must be between 1 hour and 365 days.");
        }

        if (Interval < TimeSpan.FromMilliseconds(10) || Interval > TimeSpan.FromDays(1))
        {
            problems.Add($"{Section}:Interval must be between 10 ms and 1 day.");
        }

        foreach (var (stakeholder, hook) in Webhooks)
        {
            if (!Uri.TryCreate(hook?.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problems.Add($"{Section}:Webhooks:{stakeholder}:Url must be an absolute http or https URL.");
            }

            if (string.IsNullOrEmpty(hook?.Secret) || hook.Secret.Length < 16)
            {
                problems.Add($"{Section}:Webhooks:{stakeholder}:Secret must have at least 16 characters.");
            }
        }

        return problems;
    }
}
