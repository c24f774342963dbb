using System.Globalization;
using Dnscert.Core.Store;
using Dnscert.Reports.Gaps;
using Dnscert.Reports.Rendering;
using Dnscert.Reports.Statistics;

namespace Dnscert.Web;

/// <summary>
/// Builds report content for the statistics and gap pages and API from the daily aggregate. Capabilities come from an
/// <see cref="ICapabilitySource"/> when the host registers one; without it every observed cell is a gap.
/// </summary>
public sealed class StatisticsService
{
    /// <summary>The period shown when none is asked for: the last 30 days.</summary>
    public const int DefaultDays = 30;

    private readonly IDnscertStore _store;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;

    public StatisticsService(IDnscertStore store, TimeProvider time, IServiceProvider services)
    {
        _store = store;
        _time = time;
        _services = services;
    }

    /// <summary>Parses from/to (YYYY-MM-DD); returns an error text naming the bad parameter instead of throwing.</summary>
    public (StatisticsPeriod? Period, string? Error) Period(string? from, string? to)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        DateOnly start = today.AddDays(-(DefaultDays - 1)), end = today;
        if (!string.IsNullOrEmpty(to) && !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
        {
            return (null, $"to '{to}' is not a date (YYYY-MM-DD).");
        }

        if (!string.IsNullOrEmpty(from) && !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            return (null, $"from '{from}' is not a date (YYYY-MM-DD).");
        }

        if (string.IsNullOrEmpty(from))
        {
            start = end.AddDays(-(DefaultDays - 1));
        }

        try
        {
            return (StatisticsPeriod.Create(start, end), null);
        }
        catch (ArgumentException ex)
        {
            return (null, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    public async Task<ReportContent> BuildAsync(ReportKind kind, StatisticsPeriod period, CancellationToken cancellationToken)
    {
        var summary = await _store.ObservationStatistics.ReadSummaryAsync(period.From, period.To, cancellationToken);
        IReadOnlyList<Capability> capabilities = kind == ReportKind.Gaps && _services.GetService<ICapabilitySource>() is { } source
            ? await source.ListAsync(cancellationToken)
            : [];
        return ReportContent.Build(kind, "en", summary, period, _time.GetUtcNow(), new Dictionary<string, long>(), capabilities);
    }
}
