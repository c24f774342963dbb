namespace Dnscert.Core.Store;

/// <summary>The counts of one statistics bucket of a stored capture (capture time), for the dashboard's charts.</summary>
public sealed record TrafficBucket(
    DateTimeOffset Start,
    long Messages,
    long Queries,
    long Responses,
    long Truncated,
    long UniqueClients,
    long UniqueQnames,
    IReadOnlyList<TrafficCount> QueryTypes,
    IReadOnlyList<TrafficCount> ResponseCodes);
