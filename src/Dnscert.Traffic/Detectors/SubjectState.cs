namespace Dnscert.Traffic.Detectors;

/// <summary>What a detector keeps per subject: its canonical text, learned baseline and this window's evidence.</summary>
internal abstract class SubjectState(string text)
{
    public string Text { get; } = text;

    public Baseline Baseline;

    public EvidenceCollector Evidence { get; } = new();

    /// <summary>Resets the per-window counters (the baseline stays).</summary>
    public abstract void ResetWindow();
}
