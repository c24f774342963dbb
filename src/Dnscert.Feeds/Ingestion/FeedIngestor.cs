using Dnscert.Core.Store;
using Dnscert.Feeds.PublicSuffix;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// Parses feeds, reduces each entry to its registrable domain (PSL), attributes it to its TLD and registrar, drops
/// allow-listed ones and de-duplicates across every feed given to the same instance, keeping provenance per
/// <see cref="Indicator"/>. Not thread-safe: one ingestor per run.
/// </summary>
public sealed class FeedIngestor
{
    private readonly PublicSuffixList _psl;
    private readonly AllowList _allow;
    private readonly RegistrarMap _registrars;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Indicator> _indicators = new(StringComparer.Ordinal);

    public FeedIngestor(PublicSuffixList psl, AllowList? allow, RegistrarMap? registrars, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(psl);
        ArgumentNullException.ThrowIfNull(time);
        _psl = psl;
        _allow = allow ?? AllowList.Empty;
        _registrars = registrars ?? RegistrarMap.Empty;
        _time = time;
    }

    /// <summary>Every indicator so far, across feeds.</summary>
    public IReadOnlyCollection<Indicator> Indicators => _indicators.Values;

    public IngestSummary Ingest(IFeedParser parser, Stream feed, FeedSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(source);
        var summary = new IngestSummary();
        var now = _time.GetUtcNow();
        long lastLine = 0;
        foreach (var item in parser.Parse(feed, cancellationToken))
        {
            if (item.Rejection is { } rejection)
            {
                lastLine = Math.Max(lastLine, rejection.Line);
                summary.Reject(rejection);
                continue;
            }

            var entry = item.Entry!;
            lastLine = Math.Max(lastLine, entry.Line);
            if (entry.Host is { } host && _allow.Allows(host))
            {
                summary.Entries++;
                summary.AllowListed++;
                continue;
            }

            string? registrable = null;
            string? tld = null;
            if (entry.Host is { } name)
            {
                registrable = _psl.GetRegistrableDomain(name);
                if (registrable is null)
                {
                    summary.Reject(FeedRejection.Create(entry.Line, "is a public suffix", entry.Raw));
                    continue;
                }

                tld = name[(name.LastIndexOf('.') + 1)..];
            }

            summary.Entries++;
            var subject = entry.Kind == SubjectKind.Domain ? new Subject(SubjectKind.Domain, registrable!) : new Subject(entry.Kind, entry.Value);
            var threat = entry.ThreatTypeId ?? source.DefaultThreatTypeId;
            var fingerprint = FingerprintOf(subject, threat);
            if (!_indicators.TryGetValue(fingerprint, out var indicator))
            {
                indicator = new Indicator(subject, threat, fingerprint, registrable, tld, registrable is null ? null : _registrars.Find(registrable));
                _indicators.Add(fingerprint, indicator);
                summary.NewIndicators++;
            }

            indicator.Add(source.Id, entry.SeenAt ?? now, entry.Raw);
        }

        summary.Lines = parser is Parsers.LineFeedParser ? lastLine : summary.Entries + summary.Rejected;
        return summary;
    }

    /// <summary>The observation fingerprint of a feed indicator: the same for the same subject and threat from any feed.</summary>
    public static string FingerprintOf(Subject subject, string threatTypeId)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return $"feed|{threatTypeId}|{subject.Kind}|{subject.Value}";
    }
}
