namespace Dnscert.Core.Store;

/// <summary>
/// The one type every source produces (a check message, a traffic detection, a feed entry, a manual report):
/// what was seen about which subject, how bad, who may see it, and the evidence behind it.
/// <see cref="Id"/> is a version 7 GUID, so ids sort roughly by creation time; <see cref="ThreatTypeId"/> is a dotted
/// id of the threat catalogue (<c>infra.lame-delegation</c>); <see cref="Fingerprint"/> is equal for two observations
/// of the same condition (the correlator deduplicates on it); <see cref="EvidenceIds"/> are SHA-256 ids (lower-case
/// hex) of evidence blobs.
/// </summary>
public sealed record Observation(
    Guid Id,
    Subject Subject,
    string ThreatTypeId,
    Severity Severity,
    Tlp Tlp,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    ObservationState State,
    string Fingerprint,
    IReadOnlyList<string> EvidenceIds,
    string Summary);
