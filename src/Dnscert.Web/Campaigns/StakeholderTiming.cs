using System.Globalization;
using Dnscert.Core.Store;

namespace Dnscert.Web.Campaigns;

/// <summary>
/// How fast one stakeholder answers campaigns: over every campaign it was notified in, how many shares it acknowledged
/// and completed, and the median and 90th percentile (nearest rank) of the time from notification to acknowledgement
/// and to completion. Shares not answered yet are counted but not timed (they would only make the numbers look better
/// than they are once answered late; the open count says how many there are).
/// </summary>
public sealed record StakeholderTiming(
    string StakeholderId,
    int Notified,
    int Acknowledged,
    int Completed,
    TimeSpan? MedianToAcknowledge,
    TimeSpan? P90ToAcknowledge,
    TimeSpan? MedianToComplete,
    TimeSpan? P90ToComplete)
{
    /// <summary>One line per stakeholder, by id.</summary>
    public static IReadOnlyList<StakeholderTiming> Compute(IEnumerable<CampaignPartyTiming> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.GroupBy(r => r.StakeholderId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var ack = g.Where(r => r.AcknowledgedAt is not null).Select(r => r.AcknowledgedAt!.Value - r.NotifiedAt).Order().ToList();
            var done = g.Where(r => r.CompletedAt is not null).Select(r => r.CompletedAt!.Value - r.NotifiedAt).Order().ToList();
            return new StakeholderTiming(g.Key, g.Count(), ack.Count, done.Count, Percentile(ack, 0.5), Percentile(ack, 0.9), Percentile(done, 0.5), Percentile(done, 0.9));
        })];
    }

    /// <summary>A duration as people read it: 45 min, 5.5 h, 3.2 d; a dash when there is none.</summary>
    public static string Format(TimeSpan? value) => value switch
    {
        null => "–",
        { TotalHours: < 1 } v => string.Create(CultureInfo.InvariantCulture, $"{v.TotalMinutes:0} min"),
        { TotalDays: < 2 } v => string.Create(CultureInfo.InvariantCulture, $"{v.TotalHours:0.#} h"),
        { } v => string.Create(CultureInfo.InvariantCulture, $"{v.TotalDays:0.#} d"),
    };

    /// <summary>The nearest-rank percentile of sorted <paramref name="values"/> (null when empty): the smallest value with at least p of the values at or below it.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p * values.Count);
        return values[Math.Clamp(rank, 1, values.Count) - 1];
    }
}
