namespace Dnscert.Traffic.Generator;

/// <summary>
/// One attack the generator put into the traffic: which detector should see it, on which subject
/// (<see cref="Dnscert.Core.Store.Subject"/> text, e.g. <c>Zone:example.com</c>), from when to when.
/// </summary>
public sealed record GroundTruthEntry(string Attack, string DetectorId, string Subject, DateTimeOffset Start, DateTimeOffset End);
