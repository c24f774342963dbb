using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Records;

namespace Dnscert.Dns.Wire;

/// <summary>
/// Writes one message into a caller-provided span without allocating. Sections must be added in order
/// (question, answer, authority, additional); <see cref="Finish"/> writes the counts and returns the length.
/// Owner names, and names in the RDATA of the RFC 1035 types, are compressed when enabled.
/// </summary>
public ref struct DnsMessageWriter
{
    private readonly Span<byte> _buffer;
    private readonly bool _compress;
    private CompressionTable _table;
    private int _tableCount;
    private int _position;
    private DnsSection _section;
    private int _responseCode;
    private int _qd;
    private int _an;
    private int _ns;
    private int _ar;

    public DnsMessageWriter(Span<byte> destination, bool compress = true)
    {
        if (destination.Length < DnsMessage.HeaderLength)
        {
            throw new ArgumentException("The destination cannot hold a DNS header.", nameof(destination));
        }

        _buffer = destination;
        _compress = compress;
        _position = DnsMessage.HeaderLength;
        _section = DnsSection.Question;
        _buffer[..DnsMessage.HeaderLength].Clear();
    }

    public readonly int Length => _position;

    /// <summary>Sets ID, flags, OPCODE and RCODE; the upper RCODE bits go into OPT when <see cref="AddOpt"/> is called.</summary>
    public void WriteHeader(ushort id, DnsHeaderBits flags, DnsOpcode opcode = DnsOpcode.Query, DnsResponseCode responseCode = DnsResponseCode.NoError)
    {
        _responseCode = (int)responseCode;
        var word = (ushort)((ushort)flags | (((int)opcode & 0xF) << 11) | (_responseCode & 0xF));
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, id);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], word);
    }

    public void AddQuestion(DomainName name, RRType type, RRClass @class = RRClass.IN)
    {
        EnterSection(DnsSection.Question);
        WriteName(name, _compress);
        WriteUInt16((ushort)type);
        WriteUInt16((ushort)@class);
        _qd++;
    }

    public void AddRecord(DnsSection section, DomainName owner, RRClass @class, uint ttl, RecordData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (section == DnsSection.Question)
        {
            throw new ArgumentException("Use AddQuestion for the question section.", nameof(section));
        }

        EnterSection(section);
        WriteName(owner, _compress);
        WriteUInt16((ushort)data.Type);
        WriteUInt16((ushort)@class);
        WriteUInt32(ttl);
        var lengthAt = _position;
        WriteUInt16(0);
        data.WriteRdata(ref this);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[lengthAt..], checked((ushort)(_position - lengthAt - 2)));
        Count(section);
    }

    /// <summary>Adds the OPT record (RFC 6891) to the additional section.</summary>
    public void AddOpt(ushort udpPayloadSize, bool dnssecOk, IReadOnlyList<EdnsOption>? options = null, byte version = 0)
    {
        EnterSection(DnsSection.Additional);
        WriteByte(0);
        WriteUInt16((ushort)RRType.OPT);
        WriteUInt16(udpPayloadSize);
        WriteUInt32(((uint)(_responseCode >> 4) << 24) | ((uint)version << 16) | (dnssecOk ? 0x8000u : 0u));
        var lengthAt = _position;
        WriteUInt16(0);
        if (options is not null)
        {
            for (var i = 0; i < options.Count; i++)
            {
                WriteUInt16((ushort)options[i].Code);
                WriteUInt16(checked((ushort)options[i].Data.Length));
                WriteBytes(options[i].Data.Span);
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[lengthAt..], checked((ushort)(_position - lengthAt - 2)));
        _ar++;
    }

    /// <summary>Writes the section counts and returns the message length.</summary>
    public readonly int Finish()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], (ushort)_qd);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], (ushort)_an);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[8..], (ushort)_ns);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[10..], (ushort)_ar);
        return _position;
    }

    internal void WriteByte(int value)
    {
        Ensure(1);
        _buffer[_position++] = (byte)value;
    }

    internal void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    internal void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    internal void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
    }

    internal void WriteCharacterString(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 255)
        {
            throw new ArgumentException("A character-string holds at most 255 octets.", nameof(bytes));
        }

        WriteByte(bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>Writes a name; with <paramref name="compress"/>, the longest suffix already written becomes a pointer.</summary>
    internal void WriteName(DomainName name, bool compress)
    {
        // A writer made without compression (queries, ToWire) never compresses, whatever the RDATA type allows.
        compress &= _compress;
        var wire = name.Wire;
        Span<ushort> labelStarts = stackalloc ushort[128];
        var count = 0;
        var start = 0;
        var pointer = -1;
        while (wire[start] != 0)
        {
            if (compress && TryFindSuffix(wire[start..], out pointer))
            {
                break;
            }

            pointer = -1;
            if (_position < 0x4000)
            {
                labelStarts[count++] = (ushort)_position;
            }

            var labelLength = wire[start] + 1;
            WriteBytes(wire.Slice(start, labelLength));
            start += labelLength;
        }

        if (pointer >= 0)
        {
            WriteUInt16((ushort)(0xC000 | pointer));
        }
        else
        {
            WriteByte(0);
        }

        // Only now is the name complete in the buffer: an earlier entry would let a name (a.a.) match
        // its own unfinished bytes and point at itself.
        for (var i = 0; compress && i < count && _tableCount < CompressionTable.Size; i++)
        {
            _table[_tableCount++] = labelStarts[i];
        }
    }

    private readonly bool TryFindSuffix(ReadOnlySpan<byte> suffix, out int pointer)
    {
        for (var i = 0; i < _tableCount; i++)
        {
            if (SameName(_table[i], suffix))
            {
                pointer = _table[i];
                return true;
            }
        }

        pointer = 0;
        return false;
    }

    // Compares the name written at `at` (following our own backward pointers) with an uncompressed suffix.
    // Octets must match exactly, not case-insensitively: a pointer would otherwise replace this name's case
    // with the earlier name's, and test servers must send exactly the names they were given (RFC 4343 §4).
    private readonly bool SameName(int at, ReadOnlySpan<byte> suffix)
    {
        var s = 0;
        while (true)
        {
            var b = _buffer[at];
            if ((b & 0xC0) == 0xC0)
            {
                at = ((b & 0x3F) << 8) | _buffer[at + 1];
                continue;
            }

            if (b != suffix[s])
            {
                return false;
            }

            if (b == 0)
            {
                return true;
            }

            if (!_buffer.Slice(at + 1, b).SequenceEqual(suffix.Slice(s + 1, b)))
            {
                return false;
            }

            at += b + 1;
            s += b + 1;
        }
    }

    private void EnterSection(DnsSection section)
    {
        if (section < _section)
        {
            throw new InvalidOperationException($"Cannot add to the {section} section after the {_section} section.");
        }

        _section = section;
    }

    private void Count(DnsSection section)
    {
        switch (section)
        {
            case DnsSection.Answer:
                _an++;
                break;
            case DnsSection.Authority:
                _ns++;
                break;
            default:
                _ar++;
                break;
        }
    }

    private readonly void Ensure(int count)
    {
        if (_position + count > _buffer.Length)
        {
            throw new ArgumentException("The destination is too small for this message.");
        }
    }

    [InlineArray(Size)]
    private struct CompressionTable
    {
        public const int Size = 64;

        private ushort _element0;
    }
}
