using System.Security.Cryptography;
using System.Text;
using Dnscert.Core.Statistics;

namespace Dnscert.Core.Store;

/// <summary>
/// A batch of new open observations given by their parts, for <see cref="IObservationRepository.MergeOpenCandidatesAsync"/>:
/// the store binds a new row straight from these parts and builds an <see cref="Observation"/> record only for a
/// candidate that merges into a stored one (<see cref="ToObservation"/>). Every candidate cites short text lines (a
/// feed's raw lines) as <c>text/plain</c> evidence whose ids are the lower-case hex SHA-256 of their UTF-8 bytes,
/// hashed here, when the candidate is added (on the caller's thread, not the store's writer).
/// A million-line feed ingest built a record, a summary, evidence blobs with two copies of each line and a list of
/// hex ids per indicator, and the garbage collector behind them was a fifth of its CPU time.
/// </summary>
public sealed class ObservationCandidates
{
    private const int HashBytes = 32;

    private Row[] _rows;
    private byte[] _hashes;
    private int _lines;

    public ObservationCandidates(int capacity, Severity severity, Tlp tlp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _rows = new Row[Math.Max(capacity, 1)];
        _hashes = new byte[Math.Max(capacity, 1) * HashBytes];
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

        var longest = 0;
        Span<byte> small = stackalloc byte[256];
        for (var l = 0; l < lineCount; l++)
        {
            var line = lines[l];
            var most = Encoding.UTF8.GetMaxByteCount(line.Length);
            var bytes = most <= small.Length ? small : new byte[most];
            var length = Encoding.UTF8.GetBytes(line, bytes);
            SHA256.HashData(bytes[..length], _hashes.AsSpan((_lines + l) * HashBytes, HashBytes));
            longest = Math.Max(longest, length);
        }

        _rows[Count++] = new Row(id, subject, threatTypeId, firstSeen, lastSeen, fingerprint, lines, lineCount, _lines, longest, summary, Regions.TldOf(subject));
        _lines += lineCount;
    }

    public Guid IdAt(int index) => RowAt(index).Id;

    public Subject SubjectAt(int index) => RowAt(index).Subject;

    public string ThreatTypeIdAt(int index) => RowAt(index).ThreatTypeId;

    public DateTimeOffset FirstSeenAt(int index) => RowAt(index).FirstSeen;

    public DateTimeOffset LastSeenAt(int index) => RowAt(index).LastSeen;

    public string FingerprintAt(int index) => RowAt(index).Fingerprint;

    public string SummaryAt(int index) => RowAt(index).Summary;

    /// <summary>The TLD the statistics group the candidate under (<see cref="Regions.TldOf"/>), found when it was added.</summary>
    public string TldAt(int index) => RowAt(index).Tld;

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
        string ThreatTypeId,
        DateTimeOffset FirstSeen,
        DateTimeOffset LastSeen,
        string Fingerprint,
        string[] Lines,
        int LineCount,
        int FirstLine,
        int LongestLineBytes,
        string Summary,
        string Tld);
}
