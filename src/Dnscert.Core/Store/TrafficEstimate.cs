namespace Dnscert.Core.Store;

/// <summary>A sketch estimate (HyperLogLog unique count) with its relative standard error, so a reader knows how far to trust it.</summary>
public sealed record TrafficEstimate(long Estimate, double RelativeStandardError);
