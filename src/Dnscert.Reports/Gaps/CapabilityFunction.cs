namespace Dnscert.Reports.Gaps;

/// <summary>What an organisation can do about a threat type, in the order a response runs.</summary>
public enum CapabilityFunction
{
    Detect = 0,
    Analyse = 1,
    Mitigate = 2,
    Coordinate = 3,
    Train = 4,
}
