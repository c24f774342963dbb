using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>Any type without a typed class: opaque RDATA, printed in RFC 3597 generic form.</summary>
public sealed class UnknownRecordData(RRType type, ReadOnlyMemory<byte> data) : RecordData(type)
{
    public ReadOnlyMemory<byte> Data { get; } = data;

    public override string ToString() =>
        Data.IsEmpty ? "\\# 0" : $"\\# {Data.Length} {Convert.ToHexStringLower(Data.Span)}";

    internal override void WriteRdata(ref DnsMessageWriter writer) => writer.WriteBytes(Data.Span);
}
