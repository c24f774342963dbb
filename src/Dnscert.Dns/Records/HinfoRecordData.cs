using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>HINFO (RFC 1035 §3.3.2); also the RFC 8482 answer to ANY queries.</summary>
public sealed class HinfoRecordData(ReadOnlyMemory<byte> cpu, ReadOnlyMemory<byte> os) : RecordData(RRType.HINFO)
{
    public ReadOnlyMemory<byte> Cpu { get; } = cpu;

    public ReadOnlyMemory<byte> Os { get; } = os;

    public override string ToString() => PresentationText.Quoted(Cpu.Span) + " " + PresentationText.Quoted(Os.Span);

    internal static HinfoRecordData Read(ref RdataReader reader) => new(reader.ReadCharacterString(), reader.ReadCharacterString());

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        writer.WriteCharacterString(Cpu.Span);
        writer.WriteCharacterString(Os.Span);
    }
}
