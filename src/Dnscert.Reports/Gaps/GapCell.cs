namespace Dnscert.Reports.Gaps;

/// <summary>
/// One threat type in one region: how much was observed, its severity weight, and per function the organisations
/// able to act. <see cref="Missing"/> lists the functions nobody covers although the threat was observed.
/// </summary>
public sealed record GapCell(
    string ThreatTypeId,
    string Region,
    long Affected,
    double Weight,
    IReadOnlyDictionary<CapabilityFunction, IReadOnlyList<string>> Capable)
{
    public IReadOnlyList<CapabilityFunction> Missing =>
        Affected == 0 ? [] : [.. Enum.GetValues<CapabilityFunction>().Where(f => !Capable.TryGetValue(f, out var orgs) || orgs.Count == 0)];

    public bool IsGap => Missing.Count > 0;
}
