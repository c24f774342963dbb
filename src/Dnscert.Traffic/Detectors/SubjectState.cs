namespace Dnscert.Traffic.Detectors;

/// <summary>What a detector keeps per subject: its canonical text, learned baseline and this window's evidence.</summary>
internal abstract class SubjectState(string text)
{
    public string Text { get; } = text;

    public Baseline Baseline;

    public EvidenceCollector Evidence { get; } = new();

    /// <summary>
    /// A per-window count the detector kept in the subject table's entry instead of here (so counting it reads no
    /// state object); set for the evaluation of the window, meaningless otherwise.
    /// </summary>
    public long Tally;

    /// <summary>
    /// Where the subject table keeps this state (its entry index): what an <see cref="EvidenceLog"/> records instead of
    /// the state. Stable while the subject is tracked; another subject may get it only after this one is forgotten.
    /// </summary>
    public int Slot;

    /// <summary>Resets the per-window counters (the baseline stays).</summary>
    public abstract void ResetWindow();
}
