using Dnscert.Core.Store;
using Dnscert.Feeds.Parsers;
using Dnscert.Feeds.PublicSuffix;

namespace Dnscert.Feeds.Ingestion;

/// <summary>
/// Parses feeds, reduces each entry to its registrable domain (PSL), attributes it to its TLD and registrar, drops
/// allow-listed ones and de-duplicates across every feed given to the same instance, keeping provenance per
/// <see cref="Indicator"/>. Not thread-safe: one ingestor per run.
/// </summary>
/// <remarks>
/// A run can be handed on in chunks while it is parsed (<see cref="Ingest(IFeedParser, Stream, FeedSource, int, Action{IReadOnlyList{Indicator}}, CancellationToken)"/>):
/// the de-duplication stays whole-run (one table for every chunk), and a chunk carries what it saw of each indicator,
/// with at most <see cref="Indicator.MaxEvidenceLines"/> raw lines per indicator over the whole run, so the store's
/// merge of the chunks gives the observation one whole-run pass would have written. Plain lists from a seekable
/// stream are read by <see cref="PlainLineScanner"/> on bytes; every other format through its parser's items.
/// </remarks>
public sealed class FeedIngestor
{
    private readonly PublicSuffixList _psl;
    private readonly AllowList _allow;
    private readonly RegistrarMap _registrars;
    private readonly TimeProvider _time;
    private readonly IndicatorTable _table = new();
    private readonly Dictionary<string, string> _tlds = new(StringComparer.Ordinal);
    private List<Indicator> _chunk = [];
    private int _chunkNumber;

    public FeedIngestor(PublicSuffixList psl, AllowList? allow, RegistrarMap? registrars, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(psl);
        ArgumentNullException.ThrowIfNull(time);
        _psl = psl;
        _allow = allow ?? AllowList.Empty;
        _registrars = registrars ?? RegistrarMap.Empty;
        _time = time;
    }

    /// <summary>
    /// The indicators gathered since the last <see cref="TakeChunk"/>: every indicator so far, across feeds, when the run
    /// is not taken in chunks.
    /// </summary>
    public IReadOnlyCollection<Indicator> Indicators => _chunk;

    /// <summary>Distinct indicators of the whole run, across feeds and chunks.</summary>
    public int DistinctIndicators => _table.Count;

    /// <summary>Off only in tests, which compare the byte scanner of plain lists with the parser's own items.</summary>
    internal bool UseByteScanner { get; init; } = true;

    /// <summary>Hands over the indicators gathered since the last call (each distinct within the chunk) and starts a new chunk.</summary>
    public IReadOnlyList<Indicator> TakeChunk()
    {
        var chunk = _chunk;
        _chunk = [];
        _chunkNumber++;
        return chunk;
    }

    public IngestSummary Ingest(IFeedParser parser, Stream feed, FeedSource source, CancellationToken cancellationToken = default) =>
        Ingest(parser, feed, source, int.MaxValue, static _ => { }, cancellationToken);

    /// <summary>
    /// Ingests one feed, handing <paramref name="chunkReady"/> a chunk (<see cref="TakeChunk"/>) each time
    /// <paramref name="chunkIndicators"/> distinct indicators have gathered; the last, partial chunk stays for the caller.
    /// </summary>
    public IngestSummary Ingest(IFeedParser parser, Stream feed, FeedSource source, int chunkIndicators, Action<IReadOnlyList<Indicator>> chunkReady, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(chunkReady);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkIndicators, 1);
        var run = new Run(this, source, new IngestSummary(), _time.GetUtcNow(), chunkIndicators, chunkReady);
        if (feed.CanSeek)
        {
            // About one distinct indicator per 48 bytes of feed (1 M generated lines: 26 MB, 481,531 indicators); bounded
            // so a huge file does not reserve more than the table's own limit. Growing still works beyond the guess.
            var expected = (int)Math.Min((feed.Length - feed.Position) / 48, 16_000_000);
            _table.EnsureCapacity(_table.Count + expected);
            _chunk.EnsureCapacity(Math.Min(_chunk.Count + expected, chunkIndicators));
        }

        if (!(UseByteScanner && parser is PlainListParser plain && PlainLineScanner.CanScan(feed, plain.MaxLineLength) && new PlainLineScanner(plain, run).Scan(feed, cancellationToken)))
        {
            foreach (var item in parser.Parse(feed, cancellationToken))
            {
                run.Take(item);
            }
        }

        var summary = run.Summary;
        summary.Lines = parser is LineFeedParser ? run.LastLine : summary.Entries + summary.Rejected;
        return summary;
    }

    /// <summary>The observation fingerprint of a feed indicator: the same for the same subject and threat from any feed.</summary>
    public static string FingerprintOf(Subject subject, string threatTypeId)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return $"feed|{threatTypeId}|{subject.Kind}|{subject.Value}";
    }

    /// <summary>
    /// One feed's pass: takes entries as spans (from the byte scanner) or strings (from a parser's items) and makes a
    /// string only for what is kept: a new indicator's subject, and raw lines while the indicator has evidence room.
    /// </summary>
    internal sealed class Run(FeedIngestor owner, FeedSource source, IngestSummary summary, DateTimeOffset now, int chunkIndicators, Action<IReadOnlyList<Indicator>> chunkReady)
    {
        public IngestSummary Summary { get; } = summary;

        public long LastLine { get; private set; }

        private string? _lastThreat;
        private int _lastThreatNumber;

        public void Reject(FeedRejection rejection)
        {
            LastLine = Math.Max(LastLine, rejection.Line);
            Summary.Reject(rejection);
        }

        private static bool KeptBefore(string[]? kept, ReadOnlySpan<char> raw)
        {
            foreach (var line in kept ?? [])
            {
                if (line is not null && raw.SequenceEqual(line))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>One item of a parser: an entry or a rejection.</summary>
        public void Take(FeedItem item)
        {
            if (item.Rejection is { } rejection)
            {
                Reject(rejection);
                return;
            }

            var entry = item.Entry!;
            Accept(entry.Kind, entry.Value, entry.Value, entry.Host, entry.Host is not null, entry.ThreatTypeId, entry.SeenAt, entry.Line, entry.Raw, entry.Raw);
        }

        public void Reject(long line, string reason, ReadOnlySpan<char> raw) => Reject(FeedRejection.Create(line, reason, raw.ToString()));

        /// <summary>
        /// One entry: <paramref name="value"/> and <paramref name="host"/> as spans, with their strings when the caller
        /// already has them (null otherwise); <paramref name="hasHost"/> false for addresses.
        /// </summary>
        public void Accept(SubjectKind kind, ReadOnlySpan<char> value, string? valueText, ReadOnlySpan<char> host, bool hasHost, string? threatTypeId, DateTimeOffset? seenAt, long line, ReadOnlySpan<char> raw, string? rawText)
        {
            LastLine = Math.Max(LastLine, line);
            if (hasHost && owner._allow.Count > 0 && owner._allow.Allows(host))
            {
                Summary.Entries++;
                Summary.AllowListed++;
                return;
            }

            var registrable = default(ReadOnlySpan<char>);
            if (hasHost)
            {
                var start = owner._psl.RegistrableStart(host);
                if (start < 0)
                {
                    Summary.Reject(FeedRejection.Create(line, "is a public suffix", rawText ?? raw.ToString()));
                    return;
                }

                registrable = host[start..];
            }

            Summary.Entries++;
            var subjectValue = kind == SubjectKind.Domain ? registrable : value;
            var threat = threatTypeId ?? source.DefaultThreatTypeId;
            var table = owner._table;
            if (!ReferenceEquals(threat, _lastThreat))
            {
                _lastThreatNumber = table.ThreatNumber(threat);
                _lastThreat = threat;
            }

            var hash = IndicatorTable.Hash(kind, subjectValue, _lastThreatNumber);
            var slot = table.Find(hash, kind, subjectValue, _lastThreatNumber);
            if (slot < 0)
            {
                var text = kind == SubjectKind.Domain
                    ? (valueText is not null && registrable.Length == valueText.Length ? valueText : registrable.ToString())
                    : valueText ?? value.ToString();
                slot = table.Add(hash, kind, text, _lastThreatNumber);
                string? registrableText = null;
                string? tld = null;
                string? registrar = null;
                if (hasHost)
                {
                    registrableText = kind == SubjectKind.Domain ? text : registrable.ToString();
                    tld = owner.TldOf(host[(host.LastIndexOf('.') + 1)..]);
                    registrar = owner._registrars.Count == 0 ? null : owner._registrars.Find(registrableText);
                }

                table[slot].Origin = new Indicator(new Subject(kind, text), threat, registrableText, tld, registrar, origin: null);
                Summary.NewIndicators++;
            }

            ref var s = ref table[slot];
            if (s.Chunk != owner._chunkNumber)
            {
                if (owner._chunk.Count >= chunkIndicators)
                {
                    chunkReady(owner.TakeChunk());
                }

                var origin = s.Origin!;
                s.Current = s.Current is null ? origin : new Indicator(origin.Subject, origin.ThreatTypeId, origin.RegistrableDomain, origin.Tld, origin.Registrar, origin);
                s.Chunk = owner._chunkNumber;
                owner._chunk.Add(s.Current);
            }

            // The first distinct raw lines are kept (a line repeated word for word is the same evidence blob). With
            // chunks, the lines kept in earlier chunks are remembered in the slot, as the chunk's indicator only has its own.
            string? kept = null;
            if (s.EvidenceKept < Indicator.MaxEvidenceLines && !(chunkIndicators == int.MaxValue ? s.Current!.HasEvidence(raw) : KeptBefore(s.Kept, raw)))
            {
                // A line that is the subject itself (a bare registrable domain, an address) shares its string.
                kept = rawText ?? (raw.SequenceEqual(s.Value) ? s.Value : raw.ToString());
                if (chunkIndicators != int.MaxValue)
                {
                    (s.Kept ??= new string[Indicator.MaxEvidenceLines])[s.EvidenceKept] = kept;
                }

                s.EvidenceKept++;
            }

            s.Current!.Add(source.Id, seenAt ?? now, kept);
        }
    }

    private string TldOf(ReadOnlySpan<char> tld)
    {
        var lookup = _tlds.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(tld, out var text))
        {
            text = tld.ToString();
            _tlds.Add(text, text);
        }

        return text;
    }
}
