namespace Dnscert.Traffic.Detectors;

/// <summary>Which messages a detector looks at, so <see cref="DetectorPipeline"/> hands each message only to the detectors that want it.</summary>
[Flags]
internal enum MessageKinds
{
    None = 0,
    Queries = 1,
    Responses = 2,
    Both = Queries | Responses,
}
