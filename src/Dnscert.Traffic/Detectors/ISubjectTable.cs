namespace Dnscert.Traffic.Detectors;

/// <summary>What <see cref="WindowedDetector"/> needs of a <see cref="SubjectTable{TKey, TState}"/> whatever its key type.</summary>
internal interface ISubjectTable
{
    /// <summary>True while the table's baselines are still being learned.</summary>
    bool WarmingUp { get; }

    /// <summary>The subjects seen in the current window.</summary>
    IEnumerable<SubjectState> SeenStates { get; }

    void EndWindow();
}
