using System.Net;
using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Records;

namespace Dnscert.UnitTests.Dns.Records;

/// <summary>CsCheck generators for wire-valid RDATA of every typed layout, with hostile bytes wherever bytes are free.</summary>
internal static class RandomRecords
{
    private static readonly Gen<byte[]> s_label = Gen.Byte.Array[1, 12];

    public static Gen<DomainName> Name { get; } = s_label.Array[0, 4].Select(labels =>
        DomainName.FromWire([.. labels.SelectMany(l => new[] { (byte)l.Length }.Concat(l)), 0]));

    private static Gen<byte[]> Bytes(int min, int max) => Gen.Byte.Array[min, max];

    private static Gen<ReadOnlyMemory<byte>> Text(int min, int max) => Gen.Byte.Array[min, max].Select(b => (ReadOnlyMemory<byte>)b);

    private static Gen<RRType[]> Types { get; } =
        Gen.OneOf(Gen.Const(RRType.A), Gen.Const(RRType.RRSIG), Gen.Const(RRType.NSEC), Gen.Const(RRType.CAA), Gen.UShort.Select(u => (RRType)u)).Array[0, 6];

    private static Gen<SvcParam> Param { get; } = Gen.OneOf(
        Gen.UShort[0, 8].Array[1, 3].Select(keys => new SvcParam(SvcParam.Mandatory, keys.SelectMany(k => new[] { (byte)(k >> 8), (byte)k }).ToArray())),
        Bytes(1, 8).Array[1, 3].Select(ids => new SvcParam(SvcParam.Alpn, ids.SelectMany(id => new[] { (byte)id.Length }.Concat(id)).ToArray())),
        Gen.Const(new SvcParam(SvcParam.NoDefaultAlpn, ReadOnlyMemory<byte>.Empty)),
        Bytes(2, 2).Select(b => new SvcParam(SvcParam.Port, b)),
        Gen.Int[1, 3].SelectMany(n => Bytes(4 * n, 4 * n)).Select(b => new SvcParam(SvcParam.Ipv4Hint, b)),
        Bytes(1, 20).Select(b => new SvcParam(SvcParam.Ech, b)),
        Gen.Int[1, 2].SelectMany(n => Bytes(16 * n, 16 * n)).Select(b => new SvcParam(SvcParam.Ipv6Hint, b)),
        Bytes(1, 20).Select(b => new SvcParam(SvcParam.DohPath, b)),
        Gen.Const(new SvcParam(SvcParam.Ohttp, ReadOnlyMemory<byte>.Empty)),
        Gen.Select(Gen.UShort[9, 65534], Bytes(0, 10), (k, b) => new SvcParam(k, b)),
        // Malformed values for known keys: these must fall back to the generic form and still round trip.
        Gen.Select(Gen.UShort[0, 8], Bytes(0, 3), (k, b) => new SvcParam(k, b)));

    public static Gen<RecordData> Any { get; } = Gen.OneOf<RecordData>(
        Bytes(4, 4).Select(b => (RecordData)new AddressRecordData(new IPAddress(b))),
        Bytes(16, 16).Select(b => (RecordData)new AddressRecordData(new IPAddress(b))),
        Gen.Select(Gen.OneOf(RRType.NS, RRType.CNAME, RRType.PTR, RRType.DNAME), Name, (t, n) => (RecordData)new NameRecordData(t, n)),
        Gen.Select(Name, Name, Gen.UInt, Gen.UInt, Gen.UInt, (a, b, s, r, e) => (RecordData)new SoaRecordData(a, b, s, r, e, s ^ r, e ^ s)),
        Gen.Select(Gen.UShort, Name, (p, n) => (RecordData)new MxRecordData(p, n)),
        Gen.Select(Gen.OneOf(RRType.TXT, RRType.SPF), Text(0, 30).Array[1, 3], (t, s) => (RecordData)new TxtRecordData(t, s)),
        Gen.Select(Gen.UShort, Gen.UShort, Gen.UShort, Name, (a, b, c, n) => (RecordData)new SrvRecordData(a, b, c, n)),
        Gen.Select(Gen.UShort, Text(0, 5), Text(0, 10), Text(0, 20), Name, (o, f, s, r, n) => (RecordData)new NaptrRecordData(o, (ushort)(o ^ 7), f, s, r, n)),
        Gen.Select(Gen.Byte, Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[1, 10], Bytes(0, 30), (f, t, v) => (RecordData)new CaaRecordData(f, new string(t), v)),
        Gen.Select(Text(0, 20), Text(0, 20), (c, o) => (RecordData)new HinfoRecordData(c, o)),
        Gen.Select(Gen.OneOf(RRType.DS, RRType.CDS), Gen.UShort, Gen.Byte, Bytes(0, 48), (t, k, a, d) => (RecordData)new DsRecordData(t, k, a, (byte)(a ^ 1), d)),
        Gen.Select(Gen.OneOf(RRType.DNSKEY, RRType.CDNSKEY), Gen.UShort, Gen.Byte, Bytes(0, 64), (t, f, a, k) => (RecordData)new DnskeyRecordData(t, f, 3, a, k)),
        Gen.Select(Gen.UShort, Gen.UInt, Gen.UInt, Name, Bytes(0, 64), (t, x, i, n, s) => (RecordData)new RrsigRecordData((RRType)t, 13, 2, x ^ i, x, i, (ushort)t, n, s)),
        Gen.Select(Name, Types, (n, t) => (RecordData)new NsecRecordData(n, t)),
        Gen.Select(Gen.Byte, Gen.UShort, Bytes(0, 8), Bytes(1, 20), Types, (f, i, s, h, t) => (RecordData)new Nsec3RecordData(1, f, i, s, h, t)),
        Gen.Select(Gen.Byte, Gen.UShort, Bytes(0, 8), (f, i, s) => (RecordData)new Nsec3ParamRecordData(1, f, i, s)),
        Gen.Select(Gen.Byte, Bytes(0, 40), (u, d) => (RecordData)new TlsaRecordData(u, (byte)(u ^ 1), (byte)(u ^ 2), d)),
        Gen.Select(Gen.Byte, Bytes(0, 32), (a, f) => (RecordData)new SshfpRecordData(a, (byte)(a ^ 3), f)),
        Gen.Select(Gen.UInt, Gen.Byte, Bytes(0, 48), (s, h, d) => (RecordData)new ZonemdRecordData(s, 1, h, d)),
        Gen.Select(Gen.OneOf(RRType.SVCB, RRType.HTTPS), Gen.UShort, Name, Param.Array[0, 4], (t, p, n, ps) =>
            (RecordData)new SvcbRecordData(t, p, n, ps.DistinctBy(x => x.Key).ToArray())),
        Gen.Select(Gen.UShort[65280, 65534], Bytes(0, 20), (t, d) => (RecordData)new UnknownRecordData((RRType)t, d)));
}
