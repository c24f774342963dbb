namespace Dnscert.Core.Store;

/// <summary>
/// The support tally of a consultation: each user's latest stance counts once; the history behind it is kept.
/// <see cref="ByOrganisation"/> gives the same counts per stakeholder organisation, for the closing summary.
/// </summary>
public sealed record ReportTally(int Supports, int SupportsWithReservations, int Opposes, IReadOnlyList<(string Organisation, int Supports, int SupportsWithReservations, int Opposes)> ByOrganisation)
{
    public int Total => Supports + SupportsWithReservations + Opposes;

    /// <summary>The tally of a stance history in any order: the latest entry per user wins (ties by position).</summary>
    public static ReportTally Of(IEnumerable<ReportStanceEntry> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var latest = new Dictionary<string, ReportStanceEntry>(StringComparer.Ordinal);
        foreach (var entry in history)
        {
            if (!latest.TryGetValue(entry.UserName, out var seen) || entry.At >= seen.At)
            {
                latest[entry.UserName] = entry;
            }
        }

        int Count(IEnumerable<ReportStanceEntry> entries, ReportStance stance) => entries.Count(e => e.Stance == stance);
        var byOrganisation = latest.Values.GroupBy(e => e.Organisation, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Count(g, ReportStance.Supports), Count(g, ReportStance.SupportsWithReservations), Count(g, ReportStance.Opposes)))
            .ToList();
        return new ReportTally(Count(latest.Values, ReportStance.Supports), Count(latest.Values, ReportStance.SupportsWithReservations), Count(latest.Values, ReportStance.Opposes), byOrganisation);
    }
}
