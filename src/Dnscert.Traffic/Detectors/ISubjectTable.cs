namespace Dnscert.Traffic.Detectors;

/// <summary>What <see cref="WindowedDetector"/> needs of a <see cref="SubjectTable{TKey, TState}"/> whatever its key type.</summary>
internal interface ISubjectTable
{
    /// <summary>True while the table's baselines are still being learned.</summary>
    bool WarmingUp { get; }

    /// <summary>Slots in use (seen or not); walk 0..SlotCount-1 with <see cref="SeenAt"/>.</summary>
    int SlotCount { get; }

    /// <summary>The state in <paramref name="slot"/> when it was seen in the current window, else null (stable order, no allocation).</summary>
    SubjectState? SeenAt(int slot);

    void EndWindow();
}
