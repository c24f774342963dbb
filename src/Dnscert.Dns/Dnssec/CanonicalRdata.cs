using System.Buffers.Binary;
using Dnscert.Dns.Records;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// Uncompressed RDATA of the common types written straight from their fields. RecordData.ToWire() allocates a
/// 64 KB scratch buffer per call, which dominated verification time; rarer types still go through it.
/// Names keep their case here; <see cref="CanonicalForm.Rdata"/> lower-cases them afterwards.
/// </summary>
internal static class CanonicalRdata
{
    public static byte[] Write(RecordData data) => data switch
    {
        AddressRecordData a => a.Address.GetAddressBytes(),
        NameRecordData n => n.Target.Wire.ToArray(),
        MxRecordData mx => [.. U16(mx.Preference), .. mx.Exchange.Wire],
        SrvRecordData srv => [.. U16(srv.Priority), .. U16(srv.Weight), .. U16(srv.Port), .. srv.Target.Wire],
        SoaRecordData soa => Soa(soa),
        DnskeyRecordData key => [.. U16(key.Flags), key.Protocol, key.Algorithm, .. key.PublicKey.Span],
        DsRecordData ds => [.. U16(ds.KeyTag), ds.Algorithm, ds.DigestType, .. ds.Digest.Span],
        RrsigRecordData rrsig => Rrsig(rrsig),
        TxtRecordData txt => Txt(txt),
        NsecRecordData nsec => [.. nsec.NextName.Wire, .. TypeBitmap.Encode(nsec.Types)],
        Nsec3RecordData n3 => [n3.HashAlgorithm, n3.Flags, .. U16(n3.Iterations), (byte)n3.Salt.Length, .. n3.Salt.Span,
            (byte)n3.NextHashedOwner.Length, .. n3.NextHashedOwner.Span, .. TypeBitmap.Encode(n3.Types)],
        UnknownRecordData unknown => unknown.Data.ToArray(),
        _ => data.ToWire(),
    };

    private static byte[] U16(ushort value) => [(byte)(value >> 8), (byte)value];

    // Also works around ToWire() compressing SOA's second name against the first: DnsMessageWriter.WriteName
    // honours the per-call flag rather than the writer's compress: false.
    private static byte[] Soa(SoaRecordData soa)
    {
        var primary = soa.Primary.Wire;
        var responsible = soa.Responsible.Wire;
        var output = new byte[primary.Length + responsible.Length + 20];
        primary.CopyTo(output);
        responsible.CopyTo(output.AsSpan(primary.Length));
        var counters = output.AsSpan(primary.Length + responsible.Length);
        BinaryPrimitives.WriteUInt32BigEndian(counters, soa.Serial);
        BinaryPrimitives.WriteUInt32BigEndian(counters[4..], soa.Refresh);
        BinaryPrimitives.WriteUInt32BigEndian(counters[8..], soa.Retry);
        BinaryPrimitives.WriteUInt32BigEndian(counters[12..], soa.Expire);
        BinaryPrimitives.WriteUInt32BigEndian(counters[16..], soa.Minimum);
        return output;
    }

    private static byte[] Rrsig(RrsigRecordData rrsig)
    {
        var signer = rrsig.Signer.Wire;
        var output = new byte[18 + signer.Length + rrsig.Signature.Length];
        WriteRrsigHeader(output, rrsig);
        signer.CopyTo(output.AsSpan(18));
        rrsig.Signature.Span.CopyTo(output.AsSpan(18 + signer.Length));
        return output;
    }

    /// <summary>The 18 fixed octets of RRSIG RDATA before the signer name.</summary>
    public static void WriteRrsigHeader(Span<byte> span, RrsigRecordData rrsig)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)rrsig.TypeCovered);
        span[2] = rrsig.Algorithm;
        span[3] = rrsig.Labels;
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], rrsig.OriginalTtl);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], rrsig.Expiration);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], rrsig.Inception);
        BinaryPrimitives.WriteUInt16BigEndian(span[16..], rrsig.KeyTag);
    }

    private static byte[] Txt(TxtRecordData txt)
    {
        var output = new byte[txt.Strings.Sum(s => s.Length + 1)];
        var position = 0;
        foreach (var s in txt.Strings)
        {
            output[position] = checked((byte)s.Length);
            s.Span.CopyTo(output.AsSpan(position + 1));
            position += s.Length + 1;
        }

        return output;
    }
}
