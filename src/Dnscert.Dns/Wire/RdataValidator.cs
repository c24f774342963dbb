using System.Buffers.Binary;

namespace Dnscert.Dns.Wire;

/// <summary>
/// Allocation-free structural check of RDATA for the types this layer knows: fixed sizes, names that end
/// inside the RDATA, character-strings and bitmaps that tile it exactly. Unknown types pass as opaque.
/// </summary>
internal static class RdataValidator
{
    public static void Validate(ReadOnlySpan<byte> message, int offset, int length, RRType type, ParseLimits limits)
    {
        var cursor = new Cursor(message, offset, offset + length, limits, type);
        switch (type)
        {
            case RRType.A:
                cursor.Exact(4);
                return;
            case RRType.AAAA:
                cursor.Exact(16);
                return;
            case RRType.NS or RRType.CNAME or RRType.PTR or RRType.DNAME:
                cursor.Name();
                break;
            case RRType.MX:
                cursor.Skip(2);
                cursor.Name();
                break;
            case RRType.SRV:
                cursor.Skip(6);
                cursor.Name();
                break;
            case RRType.SOA:
                cursor.Name();
                cursor.Name();
                cursor.Skip(20);
                break;
            case RRType.RRSIG:
                cursor.Skip(18);
                cursor.Name();
                return;
            case RRType.NSEC:
                cursor.Name();
                cursor.Bitmap();
                break;
            case RRType.NSEC3:
                cursor.Skip(4);
                cursor.Skip(cursor.Byte());
                cursor.Skip(cursor.NonZeroByte());
                cursor.Bitmap();
                break;
            case RRType.NSEC3PARAM:
                cursor.Skip(4);
                cursor.Skip(cursor.Byte());
                break;
            case RRType.DS or RRType.CDS or RRType.DNSKEY or RRType.CDNSKEY:
                cursor.AtLeast(4);
                return;
            case RRType.TLSA:
                cursor.AtLeast(3);
                return;
            case RRType.SSHFP:
                cursor.AtLeast(2);
                return;
            case RRType.ZONEMD:
                cursor.AtLeast(6);
                return;
            case RRType.TXT or RRType.SPF:
                do
                {
                    cursor.Skip(cursor.Byte());
                }
                while (!cursor.AtEnd);
                break;
            case RRType.HINFO:
                cursor.Skip(cursor.Byte());
                cursor.Skip(cursor.Byte());
                break;
            case RRType.NAPTR:
                cursor.Skip(4);
                cursor.Skip(cursor.Byte());
                cursor.Skip(cursor.Byte());
                cursor.Skip(cursor.Byte());
                cursor.Name();
                break;
            case RRType.CAA:
                cursor.Skip(1);
                cursor.Skip(cursor.NonZeroByte());
                return;
            case RRType.SVCB or RRType.HTTPS:
                cursor.Skip(2);
                cursor.Name();
                cursor.SvcParams();
                break;
            default:
                return;
        }

        cursor.End();
    }

    private ref struct Cursor(ReadOnlySpan<byte> message, int position, int end, ParseLimits limits, RRType type)
    {
        private readonly ReadOnlySpan<byte> _message = message;
        private readonly int _end = end;
        private readonly ParseLimits _limits = limits;
        private readonly RRType _type = type;
        private int _position = position;

        // Built only when throwing, so a valid message costs no string.
        private readonly string Field => DnsMnemonics.ToText(_type) + " RDATA";

        public readonly bool AtEnd => _position == _end;

        public readonly void Exact(int length)
        {
            if (_end - _position != length)
            {
                throw new DnsFormatException(_position, DnsFormatError.RdataLengthMismatch, Field);
            }
        }

        public readonly void AtLeast(int length)
        {
            if (_end - _position < length)
            {
                throw new DnsFormatException(_position, DnsFormatError.RdataLengthMismatch, Field);
            }
        }

        public void Skip(int length)
        {
            AtLeast(length);
            _position += length;
        }

        public int Byte()
        {
            AtLeast(1);
            return _message[_position++];
        }

        public int NonZeroByte()
        {
            var value = Byte();
            if (value == 0)
            {
                throw new DnsFormatException(_position - 1, DnsFormatError.InvalidField, Field);
            }

            return value;
        }

        public void Name()
        {
            // Measure against the RDATA end so a name cannot run into the next record.
            int after;
            try
            {
                DnsNameReader.Measure(_message[.._end], _position, _limits, "RDATA name", out after);
            }
            catch (DnsFormatException ex) when (ex.Error == DnsFormatError.Truncated)
            {
                // The message may go on, but the name runs past RDLENGTH: a length problem, not truncation.
                throw new DnsFormatException(ex.Offset, DnsFormatError.RdataLengthMismatch, Field + " name");
            }

            _position = after;
        }

        public void Bitmap()
        {
            var lastWindow = -1;
            while (_position < _end)
            {
                var window = Byte();
                var length = Byte();
                if (window <= lastWindow || length is 0 or > 32)
                {
                    throw new DnsFormatException(_position - 2, DnsFormatError.InvalidField, Field + " type bitmap");
                }

                Skip(length);
                lastWindow = window;
            }
        }

        public void SvcParams()
        {
            var lastKey = -1;
            while (_position < _end)
            {
                AtLeast(4);
                int key = BinaryPrimitives.ReadUInt16BigEndian(_message[_position..]);
                int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_position + 2)..]);
                if (key <= lastKey)
                {
                    throw new DnsFormatException(_position, DnsFormatError.InvalidField, Field + " SvcParamKey order");
                }

                _position += 4;
                Skip(length);
                lastKey = key;
            }
        }

        public readonly void End()
        {
            if (_position != _end)
            {
                throw new DnsFormatException(_position, DnsFormatError.RdataLengthMismatch, Field);
            }
        }
    }
}
