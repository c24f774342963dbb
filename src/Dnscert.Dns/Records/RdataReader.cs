using System.Buffers.Binary;

namespace Dnscert.Dns.Records;

/// <summary>Sequential reader over one RDATA; names may be compressed pointers into the whole message.</summary>
internal ref struct RdataReader(ReadOnlySpan<byte> message, int offset, int length, RRType type)
{
    private readonly ReadOnlySpan<byte> _message = message;
    private readonly int _end = offset + length;
    private readonly RRType _type = type;
    private int _position = offset;

    // Built only for an error: "SOA RDATA" made for every record decoded was a string per record.
    private readonly string Field => DnsMnemonics.ToText(_type) + " RDATA";

    public readonly int Remaining => _end - _position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public byte[] ReadBytes(int count) => Take(count).ToArray();

    public byte[] ReadRest() => Take(Remaining).ToArray();

    public byte[] ReadCharacterString() => ReadBytes(ReadByte());

    public DomainName ReadName()
    {
        try
        {
            var name = DnsNameReader.Read(_message[.._end], _position, ParseLimits.AlreadyChecked, "RDATA name", out var after);
            _position = after;
            return name;
        }
        catch (DnsFormatException ex)
        {
            // The field's text is built only here: concatenated before every read, it was a string per name decoded.
            throw new DnsFormatException(ex.Offset, ex.Error == DnsFormatError.Truncated ? DnsFormatError.RdataLengthMismatch : ex.Error, Field + " name");
        }
    }

    /// <summary>Throws unless every RDATA byte was consumed.</summary>
    public readonly void End()
    {
        if (_position != _end)
        {
            throw new DnsFormatException(_position, DnsFormatError.RdataLengthMismatch, Field);
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _end - _position)
        {
            throw new DnsFormatException(_position, DnsFormatError.RdataLengthMismatch, Field);
        }

        var span = _message.Slice(_position, count);
        _position += count;
        return span;
    }
}
