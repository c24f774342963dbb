namespace Dnscert.Reports.Gaps;

/// <summary>
/// One organisation able to perform one function for one threat type in some regions and languages. Our own small
/// record so the gap analysis does not depend on the coordination directory; the directory feeds these after merge.
/// A region list holding <c>global</c> covers every region.
/// </summary>
public sealed record Capability(string Organisation, string ThreatTypeId, CapabilityFunction Function, IReadOnlyList<string> Regions, IReadOnlyList<string> Languages);
