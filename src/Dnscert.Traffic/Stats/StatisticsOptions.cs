namespace Dnscert.Traffic.Stats;

/// <summary>What the statistics keep; memory is bounded by these numbers, not by the size of the capture.</summary>
public sealed record StatisticsOptions
{
    public static StatisticsOptions Default { get; } = new();

    /// <summary>Width of one time bucket (capture time).</summary>
    public TimeSpan BucketWidth { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Buckets kept (default one day of minutes); messages of later buckets count in the totals only.</summary>
    public int MaxBuckets { get; init; } = 1440;

    /// <summary>Counters per Space-Saving top list (qnames, SLDs, TLDs, client networks).</summary>
    public int TopCapacity { get; init; } = 2000;

    /// <summary>Entries printed per top list.</summary>
    public int TopReported { get; init; } = 20;

    /// <summary>HyperLogLog precision for the whole-capture unique counts (14: 16 KiB, 0.81 % error).</summary>
    public int TotalPrecision { get; init; } = 14;

    /// <summary>HyperLogLog precision per bucket (10: 1 KiB, 3.25 % error).</summary>
    public int BucketPrecision { get; init; } = 10;
}
