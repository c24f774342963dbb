using Dnscert.Core.Store;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// One de-duplicated indicator with its provenance: which feeds reported it, first and last seen, and the raw lines
/// (the first <see cref="MaxEvidenceLines"/>, enough to show a registrar; the rest are counted in <see cref="Reports"/>).
/// </summary>
public sealed class Indicator
{
    public const int MaxEvidenceLines = 5;

    private readonly List<string> _evidence = [];
    private readonly SortedSet<string> _feeds = new(StringComparer.Ordinal);

    public Indicator(Subject subject, string threatTypeId, string fingerprint, string? registrableDomain, string? tld, string? registrar)
    {
        Subject = subject;
        ThreatTypeId = threatTypeId;
        Fingerprint = fingerprint;
        RegistrableDomain = registrableDomain;
        Tld = tld;
        Registrar = registrar;
    }

    public Subject Subject { get; }

    public string ThreatTypeId { get; }

    /// <summary>Equal for the same subject and threat whichever feed reported it; the observation's fingerprint.</summary>
    public string Fingerprint { get; }

    public string? RegistrableDomain { get; }

    public string? Tld { get; }

    public string? Registrar { get; }

    public DateTimeOffset FirstSeen { get; private set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

    public long Reports { get; private set; }

    public IReadOnlyCollection<string> Feeds => _feeds;

    public IReadOnlyList<string> Evidence => _evidence;

    internal void Add(string feed, DateTimeOffset seen, string raw)
    {
        Reports++;
        _feeds.Add(feed);
        if (seen < FirstSeen)
        {
            FirstSeen = seen;
        }

        if (seen > LastSeen)
        {
            LastSeen = seen;
        }

        if (_evidence.Count < MaxEvidenceLines)
        {
            _evidence.Add(raw);
        }
    }
}
