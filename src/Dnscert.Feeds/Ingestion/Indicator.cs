using Dnscert.Core.Store;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// One de-duplicated indicator with its provenance: which feeds reported it, first and last seen, and the raw lines
/// (the first <see cref="MaxEvidenceLines"/> distinct ones, enough to show a registrar; every report is counted in
/// <see cref="Reports"/>).
/// When a run is written in chunks (<see cref="FeedIngestor.TakeChunk"/>), an indicator holds what one chunk saw of it:
/// the store's merge of a later chunk into the observation an earlier one opened adds up the run.
/// </summary>
public sealed class Indicator
{
    public const int MaxEvidenceLines = 5;

    // Most indicators come from one feed and have one or two raw lines: a single feed name and a small array instead
    // of a sorted set and a list each (two of the largest allocations per distinct indicator before).
    private readonly Indicator? _origin;
    private string? _fingerprint;
    private string[] _evidence = [];
    private int _evidenceCount;
    private string? _feed;
    private SortedSet<string>? _feeds;

    public Indicator(Subject subject, string threatTypeId, string fingerprint, string? registrableDomain, string? tld, string? registrar)
    {
        Subject = subject;
        ThreatTypeId = threatTypeId;
        _fingerprint = fingerprint;
        FingerprintIsDerived = string.Equals(fingerprint, FeedIngestor.FingerprintOf(subject, threatTypeId), StringComparison.Ordinal);
        RegistrableDomain = registrableDomain;
        Tld = tld;
        Registrar = registrar;
    }

    /// <summary>
    /// An indicator whose fingerprint is built when first asked for (the writer asks, a dry run never does), or a later
    /// chunk's part of <paramref name="origin"/>, sharing its subject, attribution and fingerprint.
    /// </summary>
    internal Indicator(Subject subject, string threatTypeId, string? registrableDomain, string? tld, string? registrar, Indicator? origin)
    {
        Subject = subject;
        ThreatTypeId = threatTypeId;
        RegistrableDomain = registrableDomain;
        Tld = tld;
        Registrar = registrar;
        _origin = origin;
        FingerprintIsDerived = origin?.FingerprintIsDerived ?? true;
    }

    /// <summary>
    /// True when <see cref="Fingerprint"/> is <see cref="FeedIngestor.FingerprintOf"/> of the subject and threat (always,
    /// unless a caller gave another one), which lets <see cref="FingerprintOrder"/> sort without building it.
    /// </summary>
    internal bool FingerprintIsDerived { get; }

    public Subject Subject { get; }

    public string ThreatTypeId { get; }

    /// <summary>Equal for the same subject and threat whichever feed reported it; the observation's fingerprint.</summary>
    /// <remarks>Built once per distinct indicator; two threads building it at once build equal strings.</remarks>
    public string Fingerprint => _fingerprint ??= _origin?.Fingerprint ?? FeedIngestor.FingerprintOf(Subject, ThreatTypeId);

    public string? RegistrableDomain { get; }

    public string? Tld { get; }

    public string? Registrar { get; }

    public DateTimeOffset FirstSeen { get; private set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

    public long Reports { get; private set; }

    /// <summary>The feeds that reported it, in ordinal order.</summary>
    public IReadOnlyCollection<string> Feeds => _feeds ?? (_feed is null ? [] : [_feed]);

    public IReadOnlyList<string> Evidence => new ArraySegment<string>(_evidence, 0, _evidenceCount);

    /// <summary>The array behind <see cref="Evidence"/> (its first <see cref="EvidenceCount"/> entries), for the writer.</summary>
    internal string[] EvidenceArray => _evidence;

    internal int EvidenceCount => _evidenceCount;

    /// <summary>The single feed when only one reported it (most indicators), else null.</summary>
    internal string? SingleFeed => _feeds is null ? _feed : null;

    /// <summary>One more report; <paramref name="raw"/> is kept while there is room, and is null when the run already kept <see cref="MaxEvidenceLines"/> lines of it in earlier chunks.</summary>
    internal void Add(string feed, DateTimeOffset seen, string? raw)
    {
        Reports++;
        AddFeed(feed);
        if (seen < FirstSeen)
        {
            FirstSeen = seen;
        }

        if (seen > LastSeen)
        {
            LastSeen = seen;
        }

        if (raw is not null && _evidenceCount < MaxEvidenceLines)
        {
            if (_evidenceCount == _evidence.Length)
            {
                Array.Resize(ref _evidence, _evidenceCount == 0 ? 1 : MaxEvidenceLines);
            }

            _evidence[_evidenceCount++] = raw;
        }
    }

    /// <summary>True when <paramref name="raw"/> is one of the raw lines already kept.</summary>
    internal bool HasEvidence(ReadOnlySpan<char> raw)
    {
        for (var i = 0; i < _evidenceCount; i++)
        {
            if (raw.SequenceEqual(_evidence[i]))
            {
                return true;
            }
        }

        return false;
    }

    private void AddFeed(string feed)
    {
        if (_feeds is not null)
        {
            _feeds.Add(feed);
        }
        else if (_feed is null)
        {
            _feed = feed;
        }
        else if (!string.Equals(_feed, feed, StringComparison.Ordinal))
        {
            _feeds = new SortedSet<string>(StringComparer.Ordinal) { _feed, feed };
        }
    }
}
