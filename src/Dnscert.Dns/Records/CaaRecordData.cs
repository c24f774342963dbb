using System.Globalization;
using System.Text;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>CAA (RFC 8659): flags, tag and value.</summary>
public sealed class CaaRecordData : RecordData
{
    public CaaRecordData(byte flags, string tag, ReadOnlyMemory<byte> value)
        : base(RRType.CAA)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        Flags = flags;
        Tag = tag;
        Value = value;
    }

    public byte Flags { get; }

    /// <summary>Critical flag (bit 0, value 128).</summary>
    public bool IsCritical => (Flags & 0x80) != 0;

    public string Tag { get; }

    public ReadOnlyMemory<byte> Value { get; }

    // A tag that is not letters and digits (RFC 8659 §4.1) has no typed spelling; print the generic form.
    public override string ToString() => Tag.All(char.IsAsciiLetterOrDigit)
        ? string.Create(CultureInfo.InvariantCulture, $"{Flags} {Tag} {PresentationText.Quoted(Value.Span)}")
        : ToGenericPresentation();

    internal static CaaRecordData Read(ref RdataReader reader)
    {
        var flags = reader.ReadByte();
        var tag = reader.ReadCharacterString();
        if (tag.Length == 0)
        {
            throw new DnsFormatException(0, DnsFormatError.InvalidField, "CAA tag (empty)");
        }

        // The tag is ASCII letters and digits by RFC 8659; anything else is kept visible through Latin-1.
        return new CaaRecordData(flags, Encoding.Latin1.GetString(tag), reader.ReadRest());
    }

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteByte(Flags);
        writer.WriteCharacterString(Encoding.Latin1.GetBytes(Tag));
        writer.WriteBytes(Value.Span);
    }
}
