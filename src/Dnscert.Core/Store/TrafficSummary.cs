namespace Dnscert.Core.Store;

/// <summary>
/// The totals of one stored traffic capture or listener session, as <c>dnscert traffic analyze --json</c> reports
/// them: message counts, the QTYPE and RCODE mix (the most frequent codes only), unique clients and names with their
/// error, and the first entries of the top query name and client network lists with theirs.
/// </summary>
public sealed record TrafficSummary(
    long Messages,
    long Queries,
    long Responses,
    long Truncated,
    long Malformed,
    TrafficEstimate UniqueClients,
    TrafficEstimate UniqueQnames,
    IReadOnlyList<TrafficCount> QueryTypes,
    IReadOnlyList<TrafficCount> ResponseCodes,
    TrafficTopList TopQnames,
    TrafficTopList TopClientNetworks,
    long Detections);
