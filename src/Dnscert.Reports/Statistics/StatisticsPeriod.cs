namespace Dnscert.Reports.Statistics;

/// <summary>An inclusive range of UTC days a statistic or report covers.</summary>
public sealed record StatisticsPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The longest period a query covers: a year of days and a leap day.</summary>
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Contains(DateOnly day) => day >= From && day <= To;

    public static StatisticsPeriod Create(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException($"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new ArgumentException($"The period {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is longer than {MaxDays} days.", nameof(to));
        }

        return new StatisticsPeriod(from, to);
    }
}
