using System.Text;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>TXT (RFC 1035 §3.3.14) and SPF (RFC 7208 §3.1, same layout): one or more character-strings.</summary>
public sealed class TxtRecordData : RecordData
{
    public TxtRecordData(RRType type, IReadOnlyList<ReadOnlyMemory<byte>> strings)
        : base(type is RRType.TXT or RRType.SPF ? type : throw new ArgumentException("TXT or SPF expected.", nameof(type)))
    {
        ArgumentNullException.ThrowIfNull(strings);
        Strings = strings;
    }

    /// <summary>The character-strings as sent; TXT content is bytes, not necessarily text.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Strings { get; }

    /// <summary>Builds a TXT record from ASCII or UTF-8 strings.</summary>
    public static TxtRecordData FromText(params string[] strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        return new(RRType.TXT, strings.Select(s => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(s)).ToArray());
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < Strings.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            PresentationText.AppendQuoted(builder, Strings[i].Span);
        }

        return builder.ToString();
    }

    internal static TxtRecordData Read(ref RdataReader reader, RRType type)
    {
        var strings = new List<ReadOnlyMemory<byte>>();
        do
        {
            strings.Add(reader.ReadCharacterString());
        }
        while (reader.Remaining > 0);
        return new TxtRecordData(type, strings);
    }

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        for (var i = 0; i < Strings.Count; i++)
        {
            writer.WriteCharacterString(Strings[i].Span);
        }
    }
}
