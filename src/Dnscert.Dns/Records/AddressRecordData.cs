using System.Net;
using System.Net.Sockets;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Records;

/// <summary>A (RFC 1035) and AAAA (RFC 3596).</summary>
public sealed class AddressRecordData : RecordData
{
    public AddressRecordData(IPAddress address)
        : base(TypeOf(address)) => Address = address;

    public IPAddress Address { get; }

    public override string ToString() => Address.ToString();

    internal static AddressRecordData Read(ref RdataReader reader, RRType type) =>
        new(new IPAddress(reader.ReadBytes(type == RRType.A ? 4 : 16)));

    internal override void WriteRdata(ref DnsMessageWriter writer)
    {
        Span<byte> bytes = stackalloc byte[16];
        Address.TryWriteBytes(bytes, out var written);
        writer.WriteBytes(bytes[..written]);
    }

    private static RRType TypeOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetwork ? RRType.A : RRType.AAAA;
    }
}
