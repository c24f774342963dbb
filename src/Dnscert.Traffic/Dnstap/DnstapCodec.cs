using Google.Protobuf;

namespace Dnscert.Traffic.Dnstap;

/// <summary>
/// Decodes and encodes the dnstap protobuf messages (Dnstap wrapping one Message) with Google.Protobuf's
/// CodedInputStream/CodedOutputStream by hand: sixteen fields do not justify a protoc step in the build,
/// and hand decoding lets every length be checked against the frame. Unknown fields are skipped, as protobuf
/// requires; anything malformed raises <see cref="DnstapFormatException"/>.
/// </summary>
public static class DnstapCodec
{
    private const int DnstapIdentity = 1;
    private const int DnstapMessageField = 14;
    private const int DnstapTypeField = 15;

    /// <summary>Decodes a Dnstap payload into <paramref name="target"/>; false when it holds no Message (another dnstap type).</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> payload, DnstapMessage target)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            var input = new CodedInputStream(payload.ToArray());
            var found = false;
            target.Identity = string.Empty;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case DnstapIdentity when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                        target.Identity = input.ReadBytes().ToStringUtf8();
                        break;
                    case DnstapMessageField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                        DecodeMessage(input.ReadBytes().Memory, target);
                        found = true;
                        break;
                    case DnstapTypeField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                        if (input.ReadEnum() != 1)
                        {
                            return false;
                        }

                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }

            return found;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new DnstapFormatException($"Malformed dnstap protobuf: {e.Message}", e);
        }
    }

    /// <summary>Encodes <paramref name="message"/> as a Dnstap payload (type MESSAGE).</summary>
    public static byte[] Encode(DnstapMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var inner = new MemoryStream();
        var m = new CodedOutputStream(inner);
        m.WriteTag(1, WireFormat.WireType.Varint);
        m.WriteEnum((int)message.Type);
        m.WriteTag(2, WireFormat.WireType.Varint);
        m.WriteEnum(message.SocketFamily);
        m.WriteTag(3, WireFormat.WireType.Varint);
        m.WriteEnum(message.SocketProtocol);
        WriteBytes(m, 4, message.QueryAddress);
        WriteBytes(m, 5, message.ResponseAddress);
        m.WriteTag(6, WireFormat.WireType.Varint);
        m.WriteUInt32(message.QueryPort);
        m.WriteTag(7, WireFormat.WireType.Varint);
        m.WriteUInt32(message.ResponsePort);
        WriteTime(m, 8, message.QueryTime);
        WriteBytes(m, 10, message.QueryMessage);
        WriteTime(m, 12, message.ResponseTime);
        WriteBytes(m, 14, message.ResponseMessage);
        m.Flush();

        using var outer = new MemoryStream();
        var d = new CodedOutputStream(outer);
        if (message.Identity.Length > 0)
        {
            d.WriteTag(DnstapIdentity, WireFormat.WireType.LengthDelimited);
            d.WriteString(message.Identity);
        }

        d.WriteTag(DnstapMessageField, WireFormat.WireType.LengthDelimited);
        d.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
        d.WriteTag(DnstapTypeField, WireFormat.WireType.Varint);
        d.WriteEnum(1);
        d.Flush();
        return outer.ToArray();
    }

    private static void DecodeMessage(ReadOnlyMemory<byte> bytes, DnstapMessage target)
    {
        var input = new CodedInputStream(bytes.ToArray());
        target.Type = 0;
        target.SocketFamily = target.SocketProtocol = 0;
        target.QueryAddress = target.ResponseAddress = target.QueryMessage = target.ResponseMessage = ReadOnlyMemory<byte>.Empty;
        target.QueryPort = target.ResponsePort = 0;
        target.QueryTime = target.ResponseTime = null;
        ulong querySeconds = 0, responseSeconds = 0;
        uint queryNanos = 0, responseNanos = 0;
        bool hasQueryTime = false, hasResponseTime = false;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var wire = WireFormat.GetTagWireType(tag);
            switch (WireFormat.GetTagFieldNumber(tag), wire)
            {
                case (1, WireFormat.WireType.Varint): target.Type = (DnstapMessageType)input.ReadEnum(); break;
                case (2, WireFormat.WireType.Varint): target.SocketFamily = input.ReadEnum(); break;
                case (3, WireFormat.WireType.Varint): target.SocketProtocol = input.ReadEnum(); break;
                case (4, WireFormat.WireType.LengthDelimited): target.QueryAddress = input.ReadBytes().Memory; break;
                case (5, WireFormat.WireType.LengthDelimited): target.ResponseAddress = input.ReadBytes().Memory; break;
                case (6, WireFormat.WireType.Varint): target.QueryPort = input.ReadUInt32(); break;
                case (7, WireFormat.WireType.Varint): target.ResponsePort = input.ReadUInt32(); break;
                case (8, WireFormat.WireType.Varint): querySeconds = input.ReadUInt64(); hasQueryTime = true; break;
                case (9, WireFormat.WireType.Fixed32): queryNanos = input.ReadFixed32(); break;
                case (10, WireFormat.WireType.LengthDelimited): target.QueryMessage = input.ReadBytes().Memory; break;
                case (12, WireFormat.WireType.Varint): responseSeconds = input.ReadUInt64(); hasResponseTime = true; break;
                case (13, WireFormat.WireType.Fixed32): responseNanos = input.ReadFixed32(); break;
                case (14, WireFormat.WireType.LengthDelimited): target.ResponseMessage = input.ReadBytes().Memory; break;
                default: input.SkipLastField(); break;
            }
        }

        if (target.Type is < DnstapMessageType.AuthQuery or > DnstapMessageType.UpdateResponse)
        {
            throw new DnstapFormatException($"dnstap Message type {(int)target.Type} is unknown");
        }

        target.QueryTime = hasQueryTime ? ToTime(querySeconds, queryNanos, "query_time") : null;
        target.ResponseTime = hasResponseTime ? ToTime(responseSeconds, responseNanos, "response_time") : null;
    }

    private static DateTimeOffset ToTime(ulong seconds, uint nanos, string field)
    {
        // Year 9999 is the end of DateTimeOffset; anything later is corrupt input, not a date.
        if (seconds > 253_402_300_799UL || nanos >= 1_000_000_000)
        {
            throw new DnstapFormatException($"dnstap {field} {seconds}.{nanos:D9} is not a valid time");
        }

        return DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds((long)seconds) + TimeSpan.FromTicks(nanos / 100);
    }

    private static void WriteBytes(CodedOutputStream output, int field, ReadOnlyMemory<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(bytes.Span));
        }
    }

    private static void WriteTime(CodedOutputStream output, int field, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            var sinceEpoch = t - DateTimeOffset.UnixEpoch;
            var seconds = (ulong)Math.Floor(sinceEpoch.TotalSeconds);
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteUInt64(seconds);
            output.WriteTag(field + 1, WireFormat.WireType.Fixed32);
            output.WriteFixed32((uint)((sinceEpoch.Ticks - ((long)seconds * TimeSpan.TicksPerSecond)) * 100));
        }
    }
}
