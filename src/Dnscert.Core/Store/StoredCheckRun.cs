namespace Dnscert.Core.Store;

/// <summary>
/// A check run as the store keeps it: the summary columns a dashboard lists and filters on, and every message as
/// JSON (schema of <c>dnscert check --json</c>). The evidence it cites is stored with it, in the same transaction.
/// <see cref="EvidenceIds"/> are the SHA-256 ids (lower-case hex) of the evidence blobs the messages cite.
/// </summary>
public sealed record StoredCheckRun(
    Guid Id,
    string Zone,
    DateTimeOffset Started,
    TimeSpan Duration,
    Severity HighestSeverity,
    SeverityCounts Counts,
    string EngineVersion,
    string MessagesJson,
    IReadOnlyList<string> EvidenceIds);
