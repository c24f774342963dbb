using System.Globalization;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Facts;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Dnssec;

namespace Dnscert.Checks.Monitor;

/// <summary>
/// Turns one run into the conditions it shows: every check tag at WARNING or above (one per zone and tag), each
/// baseline change, and signatures that expire within the warning window. Fingerprints name the condition, not the
/// run, so the same problem seen again updates the same observation.
/// </summary>
public static class ObservationBuilder
{
    public const string DelegationChangedPrefix = "delegation-changed|";

    public static string CheckFingerprint(string zone, string tag) => $"check|{zone}|{tag}";

    public static IReadOnlyList<ObservationCandidate> FromRun(
        string zone, CheckRun run, IReadOnlyList<BaselineChange> changes, MonitorOptions options, IReadOnlyDictionary<object, string> evidenceIds)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(evidenceIds);
        var candidates = new List<ObservationCandidate>();
        foreach (var byTag in run.Messages.Where(m => m.Severity >= Severity.Warning && m.Tag.Threat is not null).GroupBy(m => m.Tag.Name))
        {
            var messages = byTag.ToList();
            var summary = messages.Count == 1 ? messages[0].Text : $"{messages[0].Text} (and {messages.Count - 1} more)";
            var evidence = messages.SelectMany(m => m.Evidence).Select(e => evidenceIds.GetValueOrDefault(e)).OfType<string>().Distinct().ToList();
            candidates.Add(new ObservationCandidate(CheckFingerprint(zone, byTag.Key), messages[0].Tag.Threat!.Id, messages.Max(m => m.Severity), $"{byTag.Key}: {summary}", evidence, Immediate: false));
        }

        if (changes.Count > 0)
        {
            candidates.Add(FromChanges(zone, changes, DelegationEvidenceIds(run, evidenceIds)));
        }

        if (EarliestExpiry(run.Facts) is { } expiry && expiry - run.Started < options.SignatureExpiryWarning && expiry > run.Started)
        {
            var left = expiry - run.Started;
            candidates.Add(new ObservationCandidate($"dnssec-expiry|{zone}", ThreatTypes.DnssecExpiry.Id, left < TimeSpan.FromDays(1) ? Severity.Error : Severity.Warning,
                string.Create(CultureInfo.InvariantCulture, $"A signature of the zone expires at {expiry:u}, in {left.TotalHours:0} hours; re-sign before then or the zone turns bogus."), [], Immediate: true));
        }

        return candidates;
    }

    /// <summary>
    /// The delegation-changed condition of a run whose delegation differs from the baseline (<paramref name="changes"/>
    /// not empty), citing the parent's referral (<paramref name="delegationEvidence"/>, from <see cref="DelegationEvidenceIds"/>).
    /// </summary>
    public static ObservationCandidate FromChanges(string zone, IReadOnlyList<BaselineChange> changes, IReadOnlyList<string> delegationEvidence)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentOutOfRangeException.ThrowIfZero(changes.Count);
        // A hijack must be seen at once, so this opens on the first run that shows it; the fingerprint carries
        // the new state, so a second, different change opens a second observation.
        var after = string.Join(";", changes.Select(c => string.Join(",", c.After)));
        return new ObservationCandidate(DelegationChangedPrefix + zone + "|" + Core.Store.EvidenceBlob.HashOf(System.Text.Encoding.UTF8.GetBytes(after))[..16],
            ThreatTypes.DelegationChanged.Id, changes.Max(c => c.Severity), "Delegation changed: " + string.Join("; ", changes.Select(c => c.Describe())), delegationEvidence, Immediate: true);
    }

    /// <summary>The evidence ids of the parent's referral in a run: what a delegation change cites.</summary>
    public static IReadOnlyList<string> DelegationEvidenceIds(CheckRun run, IReadOnlyDictionary<object, string> evidenceIds)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(evidenceIds);
        return [.. run.Facts.DelegationEvidence.Select(e => evidenceIds.GetValueOrDefault(e)).OfType<string>().Distinct()];
    }

    /// <summary>
    /// One observation per stale secondary: ERROR while it lags, CRITICAL once it has lagged longer than the zone's
    /// SOA expire, after which the server stops answering for the zone.
    /// </summary>
    public static IReadOnlyList<ObservationCandidate> FromStaleSerials(
        string zone, IReadOnlyList<StaleSerial> stale, DateTimeOffset now, TimeSpan? expire, IReadOnlyDictionary<string, string> evidenceByServer)
    {
        ArgumentNullException.ThrowIfNull(stale);
        ArgumentNullException.ThrowIfNull(evidenceByServer);
        return [.. stale.Select(s =>
        {
            var lagged = now - s.Since;
            var expired = expire is { } e && lagged >= e;
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"Stale secondary: {s.Server} has served SOA serial {s.Serial} since {s.Since:u} ({lagged.TotalHours:0.#} hours) while the zone is at {s.LeaderSerial}; ")
                + (expired ? "that is longer than SOA expire, so the server may stop answering for the zone." : "check zone transfers from the primary to this server.");
            return new ObservationCandidate($"serial-stale|{zone}|{s.Server}", ThreatTypes.InconsistentZone.Id, expired ? Severity.Critical : Severity.Error, summary,
                evidenceByServer.TryGetValue(s.Server, out var id) ? [id] : [], Immediate: true);
        })];
    }

    private static DateTimeOffset? EarliestExpiry(ZoneFacts facts)
    {
        if (DnssecView.Of(facts) is not { IsSigned: true } view)
        {
            return null;
        }

        var signatures = view.DnskeySignatures.Concat(view.SoaSignatures).ToList();
        return signatures.Count == 0 ? null : signatures.Min(s => SerialTime.ToDateTimeOffset(s.Expiration, facts.CheckedAt));
    }
}
