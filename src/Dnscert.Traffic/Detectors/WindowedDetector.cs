using Dnscert.Core.Catalog;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The skeleton every traffic detector shares, so each one keeps only its own logic: the window start (first
/// transaction the detector wants, capture time), the loop at <see cref="Flush"/> over the subjects seen in
/// the window, the baseline test (value at least the floor and the factor times the learned value, the floor
/// raised while warming up), learning from quiet windows only, the common evidence (top names and clients,
/// sample messages) and the rolling of the subject tables to the next window.
/// </summary>
public abstract class WindowedDetector : IDetector
{
    private readonly List<ISubjectTable> _tables = [];
    private readonly double _minimum;
    private readonly TimeSpan? _rateWindow;
    private readonly DetectorOptions _options;
    private DateTimeOffset? _windowStart;

    /// <param name="options">Baseline factor and learning rate (and the window, for <see cref="RateDetectorOptions"/>).</param>
    /// <param name="minimum">The floor: no alarm below this value whatever the baseline.</param>
    private protected WindowedDetector(DetectorOptions options, double minimum)
    {
        _options = options;
        _minimum = minimum;
        _rateWindow = (options as RateDetectorOptions)?.Window;
    }

    public abstract string Id { get; }

    public abstract ThreatType ThreatType { get; }

    public void Observe(in DnsTransaction transaction)
    {
        if ((Wants & (transaction.Message.IsResponse ? MessageKinds.Responses : MessageKinds.Queries)) == 0)
        {
            return;
        }

        _windowStart ??= transaction.Timestamp;
        ObserveCore(transaction, QueryView.Of(transaction));
    }

    /// <summary>Which messages the detector looks at (queries, responses or both).</summary>
    internal MessageKinds Wanted => Wants;

    /// <summary>
    /// As <see cref="Observe(in DnsTransaction)"/> for a message of a kind the detector wants (<see cref="Wanted"/>, which
    /// the caller checked), with the question already read (once for every detector).
    /// </summary>
    internal void ObserveWanted(in DnsTransaction transaction, in QueryView query)
    {
        _windowStart ??= transaction.Timestamp;
        ObserveCore(transaction, query);
    }

    public IReadOnlyList<Detection> Flush(DateTimeOffset windowEnd)
    {
        var found = new List<Detection>();
        WindowClosing();
        var window = Close(windowEnd);
        foreach (var table in _tables)
        {
            table.Evaluate(this, window, found);
        }

        foreach (var table in _tables)
        {
            table.EndWindow();
        }

        WindowClosed(windowEnd);
        _windowStart = null;
        return found;
    }

    /// <summary>Tests one subject seen in the closing window: an alarm with its evidence, or a quiet window learned.</summary>
    internal void Evaluate(SubjectState state, DetectorWindow window, bool warmingUp, List<Detection> found)
    {
        var measured = Measure(state, window);
        if (measured.Qualifies && state.Baseline.IsAnomalous(measured.Value, _minimum, _options.BaselineFactor, warmingUp))
        {
            var threshold = Math.Max(_minimum, _options.BaselineFactor * state.Baseline.Mean);
            LoadEvidence(state);
            var finding = Describe(state, window, measured.Value, threshold);
            state.Evidence.AppendTop(finding.Metrics);
            found.Add(new Detection(Id, ThreatType, Metric.SeverityFor(measured.Value, _minimum), finding.Subject,
                window.Start, window.End, finding.Summary, finding.Metrics, state.Evidence.Samples()));
        }
        else
        {
            state.Baseline.Learn(measured.Value, _options.BaselineAlpha);
        }
    }

    /// <summary>A subject table sized by the options, registered so <see cref="Flush"/> walks and rolls it.</summary>
    private protected SubjectTable<TKey, TState> AddTable<TKey, TState>()
        where TKey : notnull
        where TState : SubjectState
    {
        var table = new SubjectTable<TKey, TState>(_options.MaxSubjects, SubjectTable<TKey, TState>.DefaultIdleWindows);
        _tables.Add(table);
        return table;
    }

    /// <summary>Registers a table of another kind (<see cref="NameTally{TState}"/>) so <see cref="Flush"/> walks and rolls it.</summary>
    private protected TTable AddTable<TTable>(TTable table)
        where TTable : ISubjectTable
    {
        _tables.Add(table);
        return table;
    }

    /// <summary>Which messages the detector looks at at all (queries only, responses only, both).</summary>
    private protected abstract MessageKinds Wants { get; }

    /// <summary>Counts one wanted transaction whose first question is <paramref name="query"/>; must not allocate on the common path.</summary>
    private protected abstract void ObserveCore(in DnsTransaction transaction, in QueryView query);

    /// <summary>The value of one subject for the window closing, compared with its baseline.</summary>
    private protected abstract Measurement Measure(SubjectState state, DetectorWindow window);

    /// <summary>Subject, summary and metrics of an alarm (the top names, top clients and samples are added by the base).</summary>
    private protected abstract Finding Describe(SubjectState state, DetectorWindow window, double value, double threshold);

    /// <summary>Called when the window closes, before its subjects are evaluated (to apply counts the detector buffered).</summary>
    private protected virtual void WindowClosing()
    {
    }

    /// <summary>
    /// Called for a subject that alarms, before <see cref="Describe"/>: a detector that logs its evidence
    /// (<see cref="EvidenceLog"/>) instead of counting it per message fills the subject's collector here.
    /// </summary>
    private protected virtual void LoadEvidence(SubjectState state)
    {
    }

    /// <summary>Called after the tables rolled to the next window (to expire the detector's own state).</summary>
    private protected virtual void WindowClosed(DateTimeOffset windowEnd)
    {
    }

    /// <summary>
    /// Rate detectors divide by the observed window, at least the nominal one, and start it that far before the
    /// end; count detectors start the window at its first wanted transaction.
    /// </summary>
    private DetectorWindow Close(DateTimeOffset windowEnd)
    {
        var first = _windowStart ?? windowEnd;
        if (_rateWindow is not { } nominal)
        {
            return new DetectorWindow(first, windowEnd, (windowEnd - first).TotalSeconds);
        }

        var seconds = Math.Max((windowEnd - first).TotalSeconds, nominal.TotalSeconds);
        return new DetectorWindow(windowEnd - TimeSpan.FromSeconds(seconds), windowEnd, seconds);
    }
}
