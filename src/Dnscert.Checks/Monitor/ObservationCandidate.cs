using Dnscert.Core;

namespace Dnscert.Checks.Monitor;

/// <summary>A condition one run saw, before the monitor decides whether it opens, updates or waits.</summary>
public sealed record ObservationCandidate(string Fingerprint, string ThreatTypeId, Severity Severity, string Summary, IReadOnlyList<string> EvidenceIds, bool Immediate);
