namespace Dnscert.Coordination.Stakeholders;

/// <summary>Which functions an organisation provides for one threat type; a flag set so a gap is "no one has Mitigate".</summary>
[Flags]
public enum CapabilityFunctions
{
    None = 0,
    Detect = 1,
    Analyse = 2,
    Mitigate = 4,
    Coordinate = 8,
    Train = 16,
}
