namespace Dnscert.Reports.Gaps;

/// <summary>Where the gap analysis takes capabilities from (a JSON file today, the stakeholder directory later).</summary>
public interface ICapabilitySource
{
    Task<IReadOnlyList<Capability>> ListAsync(CancellationToken cancellationToken = default);
}
