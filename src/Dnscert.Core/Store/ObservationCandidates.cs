using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Dnscert.Core.Statistics;

namespace Dnscert.Core.Store;

/// <summary>
/// A batch of new open observations given by their parts, for <see cref="IObservationRepository.MergeOpenCandidatesAsync"/>:
/// the store binds a new row straight from these parts and builds an <see cref="Observation"/> record only for a
/// candidate that merges into a stored one (<see cref="ToObservation"/>). Every candidate cites short text lines (a
/// feed's raw lines) as <c>text/plain</c> evidence whose ids are the lower-case hex SHA-256 of their UTF-8 bytes,
/// hashed here, when the candidate is added (on the caller's thread, not the store's writer). The text values a new row
/// stores (subject, threat, fingerprint, summary and each line) are encoded as UTF-8 here too, into one buffer per batch,
/// so the store's writer (the critical path of a bulk load) binds slices of it instead of transcoding every value.
/// A million-line feed ingest built a record, a summary, evidence blobs with two copies of each line and a list of
/// hex ids per indicator, and the garbage collector behind them was a fifth of its CPU time.
/// </summary>
public sealed class ObservationCandidates
{
    private const int HashBytes = 32;

    /// <summary>UTF-8 bytes a feed row's values take, about (subject, threat, fingerprint, summary, one line), to size the buffer.</summary>
    private const int TypicalRowBytes = 192;

    private Row[] _rows;
    private byte[] _hashes;
    private int[] _lineBytes;
    private byte[]? _utf8;
    private int _utf8Length;
    private int _lines;

    public ObservationCandidates(int capacity, Severity severity, Tlp tlp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _rows = new Row[Math.Max(capacity, 1)];
        _hashes = new byte[Math.Max(capacity, 1) * HashBytes];
        _lineBytes = new int[Math.Max(capacity, 1)];
        _utf8 = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1) * TypicalRowBytes);
        Severity = severity;
        Tlp = tlp;
    }

    public int Count { get; private set; }

    public Severity Severity { get; }

    public Tlp Tlp { get; }

    /// <summary>
    /// Adds a candidate; <paramref name="lines"/> are its evidence lines (the first <paramref name="lineCount"/> of the
    /// array, distinct), kept by reference, so the caller must not change them afterwards.
    /// </summary>
    public void Add(Guid id, Subject subject, string threatTypeId, DateTimeOffset firstSeen, DateTimeOffset lastSeen, string fingerprint, string[] lines, int lineCount, string summary)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(threatTypeId);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lineCount, lines.Length);
        if (Count == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }

        if ((_lines + lineCount) * HashBytes > _hashes.Length)
        {
            Array.Resize(ref _hashes, Math.Max(_hashes.Length * 2, (_lines + lineCount) * HashBytes));
        }

        if (_lines + lineCount > _lineBytes.Length)
        {
            Array.Resize(ref _lineBytes, Math.Max(_lineBytes.Length * 2, _lines + lineCount));
        }

        if (_utf8 is null)
        {
            throw new InvalidOperationException("the candidates' UTF-8 values were released; add no more");
        }

        var start = _utf8Length;
        var subjectBytes = Append(subject.Value);
        var threatBytes = Append(threatTypeId);
        var fingerprintBytes = Append(fingerprint);
        var summaryBytes = Append(summary);
        var longest = 0;
        var linesStart = _utf8Length;
        for (var l = 0; l < lineCount; l++)
        {
            var at = _utf8Length;
            var length = Append(lines[l]);
            SHA256.HashData(_utf8.AsSpan(at, length), _hashes.AsSpan((_lines + l) * HashBytes, HashBytes));
            _lineBytes[_lines + l] = length;
            longest = Math.Max(longest, length);
        }

        // Checked here, on the adding thread, where the previous fingerprint is still in the cache: the store's writer
        // then knows the batch is strictly ascending ASCII without reading every fingerprint string again.
        FingerprintsAscendInAscii = FingerprintsAscendInAscii && fingerprintBytes == fingerprint.Length
            && (Count == 0 || string.CompareOrdinal(_rows[Count - 1].Fingerprint, fingerprint) < 0);
        _rows[Count++] = new Row(
            id, subject, subject.Kind, threatTypeId, firstSeen, lastSeen, fingerprint, lines, lineCount, _lines, longest, summary, Regions.TldOf(subject),
            new Utf8Values(start, subjectBytes, threatBytes, fingerprintBytes, summaryBytes), PlainJsonText.IsPlain(_utf8.AsSpan(linesStart, _utf8Length - linesStart)));
        _lines += lineCount;
    }

    /// <summary>Appends the UTF-8 of <paramref name="value"/> to the batch's buffer; returns its length in bytes.</summary>
    private int Append(string value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8Length + most > _utf8!.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_utf8.Length * 2, _utf8Length + most));
            _utf8.AsSpan(0, _utf8Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_utf8);
            _utf8 = larger;
        }

        var length = Encoding.UTF8.GetBytes(value, _utf8.AsSpan(_utf8Length));
        _utf8Length += length;
        return length;
    }

    /// <summary>Whether the UTF-8 values below are still held (<see cref="ReleaseUtf8"/>).</summary>
    public bool HasUtf8 => _utf8 is not null;

    /// <summary>
    /// Gives the UTF-8 buffer back (to the shared pool, for the next batch) once the rows are stored: a bulk load keeps
    /// its batches until the commit, to replay them on a retry, and the buffers would otherwise double the text held.
    /// The string accessors stay; the caller must hold no span of the buffer any more.
    /// </summary>
    public void ReleaseUtf8()
    {
        if (_utf8 is { } utf8)
        {
            _utf8 = null;
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>The UTF-8 of the candidate's subject value.</summary>
    public ReadOnlySpan<byte> SubjectUtf8At(int index) => Utf8(RowAt(index).Utf8.Start, RowAt(index).Utf8.Subject);

    /// <summary>The UTF-8 of the candidate's threat type id.</summary>
    public ReadOnlySpan<byte> ThreatTypeIdUtf8At(int index)
    {
        var values = RowAt(index).Utf8;
        return Utf8(values.Start + values.Subject, values.Threat);
    }

    /// <summary>The UTF-8 of the candidate's fingerprint.</summary>
    public ReadOnlySpan<byte> FingerprintUtf8At(int index)
    {
        var values = RowAt(index).Utf8;
        return Utf8(values.Start + values.Subject + values.Threat, values.Fingerprint);
    }

    /// <summary>The UTF-8 of the candidate's summary.</summary>
    public ReadOnlySpan<byte> SummaryUtf8At(int index)
    {
        var values = RowAt(index).Utf8;
        return Utf8(values.Start + values.Subject + values.Threat + values.Fingerprint, values.Summary);
    }

    /// <summary>The UTF-8 of the candidate's evidence lines, one after the other (<see cref="LineUtf8LengthAt"/> splits them).</summary>
    public ReadOnlySpan<byte> LinesUtf8At(int index)
    {
        ref readonly var row = ref RowAt(index);
        var at = row.Utf8.Start + row.Utf8.Subject + row.Utf8.Threat + row.Utf8.Fingerprint + row.Utf8.Summary;
        var length = 0;
        for (var l = 0; l < row.LineCount; l++)
        {
            length += _lineBytes[row.FirstLine + l];
        }

        return Utf8(at, length);
    }

    /// <summary>The UTF-8 length of the candidate's <paramref name="line"/>-th line.</summary>
    public int LineUtf8LengthAt(int index, int line)
    {
        ref readonly var row = ref RowAt(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)line, (uint)row.LineCount, nameof(line));
        return _lineBytes[row.FirstLine + line];
    }

    private ReadOnlySpan<byte> Utf8(int start, int length) =>
        (_utf8 ?? throw new InvalidOperationException("the candidates' UTF-8 values were released")).AsSpan(start, length);

    public Guid IdAt(int index) => RowAt(index).Id;

    public Subject SubjectAt(int index) => RowAt(index).Subject;

    public string ThreatTypeIdAt(int index) => RowAt(index).ThreatTypeId;

    public DateTimeOffset FirstSeenAt(int index) => RowAt(index).FirstSeen;

    public DateTimeOffset LastSeenAt(int index) => RowAt(index).LastSeen;

    public string FingerprintAt(int index) => RowAt(index).Fingerprint;

    public string SummaryAt(int index) => RowAt(index).Summary;

    /// <summary>The TLD the statistics group the candidate under (<see cref="Regions.TldOf"/>), found when it was added.</summary>
    public string TldAt(int index) => RowAt(index).Tld;

    /// <summary>The kind of the candidate's subject (kept in the row, so reading it touches no other object).</summary>
    public SubjectKind SubjectKindAt(int index) => RowAt(index).Kind;

    /// <summary>How many evidence lines the candidate has.</summary>
    public int LineCountAt(int index) => RowAt(index).LineCount;

    /// <summary>
    /// True when every line of the candidate is <see cref="PlainJsonText"/>: a JSON list of them is the lines between
    /// quotes, nothing escaped.
    /// </summary>
    public bool LinesArePlainJsonAt(int index) => RowAt(index).LinesArePlainJson;

    /// <summary>
    /// True while every fingerprint added is ASCII and greater (ordinal) than the one added before it: a batch in
    /// strictly ascending order without duplicates, as a bulk load requires.
    /// </summary>
    public bool FingerprintsAscendInAscii { get; private set; } = true;

    /// <summary>The candidate's evidence lines, in order.</summary>
    public ReadOnlySpan<string> LinesAt(int index)
    {
        ref readonly var row = ref RowAt(index);
        return row.Lines.AsSpan(0, row.LineCount);
    }

    /// <summary>The SHA-256 of the candidate's <paramref name="line"/>-th line (32 bytes).</summary>
    public ReadOnlySpan<byte> HashAt(int index, int line)
    {
        ref readonly var row = ref RowAt(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)line, (uint)row.LineCount, nameof(line));
        return _hashes.AsSpan((row.FirstLine + line) * HashBytes, HashBytes);
    }

    /// <summary>The UTF-8 length of the candidate's longest line.</summary>
    public int LongestLineBytesAt(int index) => RowAt(index).LongestLineBytes;

    /// <summary>The candidate as a record, with its evidence ids (the hex hashes of its lines).</summary>
    public Observation ToObservation(int index)
    {
        ref readonly var row = ref RowAt(index);
        var ids = new string[row.LineCount];
        for (var l = 0; l < ids.Length; l++)
        {
            ids[l] = Convert.ToHexStringLower(HashAt(index, l));
        }

        return new Observation(row.Id, row.Subject, row.ThreatTypeId, Severity, Tlp, row.FirstSeen, row.LastSeen, ObservationState.Open, row.Fingerprint, ids, row.Summary);
    }

    /// <summary>The candidate's lines as <c>text/plain</c> evidence blobs.</summary>
    public IEnumerable<EvidenceBlob> EvidenceAt(int index)
    {
        var lines = RowAt(index).Lines;
        for (var l = 0; l < RowAt(index).LineCount; l++)
        {
            yield return EvidenceBlob.Create("text/plain", Encoding.UTF8.GetBytes(lines[l]));
        }
    }

    private ref readonly Row RowAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return ref _rows[index];
    }

    private readonly record struct Row(
        Guid Id,
        Subject Subject,
        SubjectKind Kind,
        string ThreatTypeId,
        DateTimeOffset FirstSeen,
        DateTimeOffset LastSeen,
        string Fingerprint,
        string[] Lines,
        int LineCount,
        int FirstLine,
        int LongestLineBytes,
        string Summary,
        string Tld,
        Utf8Values Utf8,
        bool LinesArePlainJson);

    /// <summary>Where a row's values start in the UTF-8 buffer and their lengths (subject, threat, fingerprint, summary, then the lines).</summary>
    private readonly record struct Utf8Values(int Start, int Subject, int Threat, int Fingerprint, int Summary);
}
