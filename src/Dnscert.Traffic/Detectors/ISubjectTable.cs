namespace Dnscert.Traffic.Detectors;

/// <summary>What <see cref="WindowedDetector"/> needs of a <see cref="SubjectTable{TKey, TState}"/> whatever its key type.</summary>
internal interface ISubjectTable
{
    /// <summary>True while the table's baselines are still being learned.</summary>
    bool WarmingUp { get; }

    /// <summary>Calls <see cref="WindowedDetector.Evaluate"/> for every subject seen in the current window, in a stable order.</summary>
    void Evaluate(WindowedDetector detector, DetectorWindow window, List<Detection> found);

    void EndWindow();
}
