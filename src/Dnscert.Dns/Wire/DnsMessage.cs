// Hand-written, not DnsClient/ARSoft: checks need raw, unretried, per-server exchanges and the pcap path must not allocate.
using System.Buffers.Binary;
using Dnscert.Dns.Edns;

namespace Dnscert.Dns.Wire;

/// <summary>
/// A checked, read-only view of one DNS message. <see cref="Load"/> walks every name, checks every RDATA
/// length and the names inside well-known RDATA, and indexes the records as offsets. An instance can be
/// reused with <see cref="Load"/> so that bulk decoding allocates nothing once its arrays have grown.
/// </summary>
public sealed class DnsMessage
{
    public const int HeaderLength = 12;

    /// <summary>Largest message over TCP framing; also a safe scratch size for writing.</summary>
    public const int MaxLength = 65535;

    private DnsQuestion[] _questions = new DnsQuestion[1];
    private DnsRecord[] _records = new DnsRecord[8];
    private int _questionCount;
    private int _answerCount;
    private int _authorityCount;
    private int _additionalCount;
    private int _optIndex = -1;

    public ReadOnlyMemory<byte> Bytes { get; private set; }

    public ushort Id { get; private set; }

    /// <summary>The raw 16-bit flags word (OPCODE and RCODE bits included).</summary>
    public ushort FlagsWord { get; private set; }

    public DnsHeaderBits Flags => (DnsHeaderBits)(FlagsWord & 0x87F0);

    public DnsOpcode Opcode => (DnsOpcode)((FlagsWord >> 11) & 0xF);

    public bool IsResponse => (FlagsWord & 0x8000) != 0;

    public bool IsTruncated => (Flags & DnsHeaderBits.Truncated) != 0;

    /// <summary>RCODE including the upper 8 bits from OPT when present.</summary>
    public DnsResponseCode ResponseCode => (DnsResponseCode)((FlagsWord & 0xF) | (HasEdns ? Edns.ExtendedRcodeHigh << 4 : 0));

    /// <summary>
    /// True when bytes follow the last record. Not rejected: servers that pad or append garbage are
    /// exactly what checks must report, so the reader records it instead.
    /// </summary>
    public bool HasTrailingBytes => TrailingByteCount > 0;

    public int TrailingByteCount { get; private set; }

    public ReadOnlySpan<DnsQuestion> Questions => _questions.AsSpan(0, _questionCount);

    public ReadOnlySpan<DnsRecord> Answers => _records.AsSpan(0, _answerCount);

    public ReadOnlySpan<DnsRecord> Authority => _records.AsSpan(_answerCount, _authorityCount);

    /// <summary>The additional section, including the OPT record as it appeared.</summary>
    public ReadOnlySpan<DnsRecord> Additional => _records.AsSpan(_answerCount + _authorityCount, _additionalCount);

    public bool HasEdns => _optIndex >= 0;

    /// <summary>The OPT pseudo-record; only meaningful when <see cref="HasEdns"/>.</summary>
    public EdnsRecord Edns => HasEdns ? new EdnsRecord(_records[_optIndex]) : default;

    /// <summary>Parses <paramref name="message"/> into a new view. The view keeps a reference to the bytes.</summary>
    public static DnsMessage Parse(ReadOnlyMemory<byte> message, ParseLimits? limits = null)
    {
        var view = new DnsMessage();
        view.Load(message, limits);
        return view;
    }

    /// <summary>
    /// Replaces this view's content with <paramref name="message"/>; throws <see cref="DnsFormatException"/>
    /// on bad input, and the view is then empty rather than half-filled.
    /// </summary>
    public void Load(ReadOnlyMemory<byte> message, ParseLimits? limits = null)
    {
        try
        {
            LoadCore(message, limits ?? ParseLimits.Default);
        }
        catch (DnsFormatException)
        {
            Bytes = ReadOnlyMemory<byte>.Empty;
            Id = 0;
            FlagsWord = 0;
            _questionCount = _answerCount = _authorityCount = _additionalCount = 0;
            _optIndex = -1;
            throw;
        }
    }

    /// <summary>
    /// Copies the uncompressed wire form of the name at <paramref name="offset"/> (an owner or question
    /// offset) into <paramref name="destination"/> (255 bytes suffice) and returns its length. This is the
    /// allocation-free way to key on names in bulk paths; <see cref="DnsRecord.Owner"/> allocates.
    /// </summary>
    public int CopyName(int offset, Span<byte> destination)
    {
        if (destination.Length < DomainName.MaxWireLength)
        {
            throw new ArgumentException("The destination must hold 255 bytes.", nameof(destination));
        }

        return DnsNameReader.Walk(Bytes.Span, offset, ParseLimits.AlreadyChecked, "name", destination, out _);
    }

    /// <summary>Dig-style text of the whole message.</summary>
    public override string ToString() => DnsMessageText.Format(this);

    private void LoadCore(ReadOnlyMemory<byte> message, ParseLimits limits)
    {
        Bytes = message;
        _questionCount = _answerCount = _authorityCount = _additionalCount = 0;
        _optIndex = -1;
        TrailingByteCount = 0;
        var span = message.Span;
        if (span.Length > limits.MaxMessageSize)
        {
            throw new DnsFormatException(limits.MaxMessageSize, DnsFormatError.MessageTooLarge, "message");
        }

        if (span.Length < HeaderLength)
        {
            throw new DnsFormatException(span.Length, DnsFormatError.Truncated, "header");
        }

        Id = BinaryPrimitives.ReadUInt16BigEndian(span);
        FlagsWord = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        int qd = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        int an = BinaryPrimitives.ReadUInt16BigEndian(span[6..]);
        int ns = BinaryPrimitives.ReadUInt16BigEndian(span[8..]);
        int ar = BinaryPrimitives.ReadUInt16BigEndian(span[10..]);
        CheckCounts(span.Length, qd, an, ns, ar, limits);

        var position = HeaderLength;
        EnsureCapacity(ref _questions, qd);
        for (var i = 0; i < qd; i++)
        {
            DnsNameReader.Measure(span, position, limits, "question name", out var end);
            if (end + 4 > span.Length)
            {
                throw new DnsFormatException(end, DnsFormatError.Truncated, "question type/class");
            }

            _questions[i] = new DnsQuestion(
                message,
                position,
                (RRType)BinaryPrimitives.ReadUInt16BigEndian(span[end..]),
                (RRClass)BinaryPrimitives.ReadUInt16BigEndian(span[(end + 2)..]));
            position = end + 4;
            _questionCount++;
        }

        EnsureCapacity(ref _records, an + ns + ar);
        position = ReadSection(message, span, position, an, DnsSection.Answer, limits);
        _answerCount = an;
        position = ReadSection(message, span, position, ns, DnsSection.Authority, limits);
        _authorityCount = ns;
        position = ReadSection(message, span, position, ar, DnsSection.Additional, limits);
        _additionalCount = ar;
        TrailingByteCount = span.Length - position;
    }

    private static void CheckCounts(int length, int qd, int an, int ns, int ar, ParseLimits limits)
    {
        if (qd > limits.MaxQuestions)
        {
            throw new DnsFormatException(4, DnsFormatError.TooManyRecords, "QDCOUNT");
        }

        if (an + ns + ar > limits.MaxRecords)
        {
            throw new DnsFormatException(6, DnsFormatError.TooManyRecords, "ANCOUNT+NSCOUNT+ARCOUNT");
        }

        // Smallest question is 5 bytes (root, type, class); smallest record is 11.
        if (HeaderLength + (qd * 5) + ((an + ns + ar) * 11) > length)
        {
            throw new DnsFormatException(4, DnsFormatError.CountTooLarge, "header counts");
        }
    }

    private static void EnsureCapacity<T>(ref T[] array, int count)
    {
        if (array.Length < count)
        {
            array = new T[Math.Max(count, array.Length * 2)];
        }
    }

    /// <summary>Checks and indexes one section; <paramref name="span"/> is <paramref name="message"/>'s span, taken once per message (bulk decoding).</summary>
    private int ReadSection(ReadOnlyMemory<byte> message, ReadOnlySpan<byte> span, int position, int count, DnsSection section, ParseLimits limits)
    {
        var first = _answerCount + _authorityCount + _additionalCount;
        for (var i = 0; i < count; i++)
        {
            var field = section switch
            {
                DnsSection.Answer => "answer owner",
                DnsSection.Authority => "authority owner",
                _ => "additional owner",
            };
            DnsNameReader.Measure(span, position, limits, field, out var end);
            if (end + 10 > span.Length)
            {
                throw new DnsFormatException(end, DnsFormatError.Truncated, "record type/class/TTL/RDLENGTH");
            }

            var type = (RRType)BinaryPrimitives.ReadUInt16BigEndian(span[end..]);
            var rawClass = BinaryPrimitives.ReadUInt16BigEndian(span[(end + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(span[(end + 4)..]);
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(span[(end + 8)..]);
            var rdOffset = end + 10;
            if (rdOffset + rdLength > span.Length)
            {
                throw new DnsFormatException(end + 8, DnsFormatError.Truncated, "RDLENGTH (past the end of the message)");
            }

            if (type == RRType.OPT)
            {
                CheckOpt(span, position, end, section, limits, rdOffset, rdLength);
                _optIndex = first + i;
            }
            else
            {
                RdataValidator.Validate(span, rdOffset, rdLength, type, limits);
            }

            _records[first + i] = new DnsRecord(message, section, position, type, rawClass, ttl, rdOffset, rdLength);
            position = rdOffset + rdLength;
        }

        return position;
    }

    private void CheckOpt(ReadOnlySpan<byte> span, int position, int nameEnd, DnsSection section, ParseLimits limits, int rdOffset, int rdLength)
    {
        if (section != DnsSection.Additional)
        {
            throw new DnsFormatException(position, DnsFormatError.OptNotInAdditional, "OPT record");
        }

        if (_optIndex >= 0)
        {
            throw new DnsFormatException(position, DnsFormatError.DuplicateOpt, "OPT record");
        }

        if (nameEnd != position + 1 || span[position] != 0)
        {
            throw new DnsFormatException(position, DnsFormatError.OptOwnerNotRoot, "OPT owner");
        }

        EdnsRecord.ValidateOptions(span.Slice(rdOffset, rdLength), rdOffset, limits);
    }
}
