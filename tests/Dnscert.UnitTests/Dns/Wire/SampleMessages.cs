using System.Net;
using Dnscert.Dns;
using Dnscert.Dns.Edns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Wire;

/// <summary>Valid responses covering every typed record, used as seeds for mutation.</summary>
internal static class SampleMessages
{
    public static IReadOnlyList<byte[]> All { get; } = Build();

    private static List<byte[]> Build()
    {
        var zone = DomainName.Parse("example.");
        var www = DomainName.Parse("www.example.");
        RecordData[] answers =
        [
            new AddressRecordData(IPAddress.Parse("192.0.2.1")),
            new AddressRecordData(IPAddress.Parse("2001:db8::1")),
            new NameRecordData(RRType.CNAME, DomainName.Parse("web.example.")),
            new MxRecordData(10, DomainName.Parse("mail.example.")),
            TxtRecordData.FromText("v=spf1 -all", "hello"),
            new SrvRecordData(1, 2, 443, www),
            new CaaRecordData(128, "issue", "ca.example"u8.ToArray()),
            new DsRecordData(RRType.DS, 1, 13, 2, new byte[32]),
            new DnskeyRecordData(RRType.DNSKEY, 256, 3, 13, new byte[64]),
            new RrsigRecordData(RRType.A, 13, 2, 60, 100, 50, 7, zone, new byte[64]),
            new NsecRecordData(www, [RRType.A, RRType.RRSIG]),
            new Nsec3RecordData(1, 0, 0, new byte[] { 1, 2 }, new byte[20], [RRType.A]),
            new SvcbRecordData(RRType.HTTPS, 1, DomainName.Root, [new SvcParam(SvcParam.Port, new byte[] { 1, 187 })]),
            new NaptrRecordData(1, 1, "U"u8.ToArray(), "E2U"u8.ToArray(), "!x!y!"u8.ToArray(), zone),
            new UnknownRecordData((RRType)65280, new byte[] { 10, 0, 0, 1 }),
        ];
        var messages = new List<byte[]>();
        for (var split = 1; split <= answers.Length; split += 4)
        {
            var buffer = new byte[4096];
            var writer = new DnsMessageWriter(buffer);
            writer.WriteHeader((ushort)split, DnsHeaderBits.Response | DnsHeaderBits.Authoritative);
            writer.AddQuestion(www, RRType.A);
            foreach (var data in answers.Take(split))
            {
                writer.AddRecord(DnsSection.Answer, www, RRClass.IN, 300, data);
            }

            writer.AddRecord(DnsSection.Authority, zone, RRClass.IN, 300,
                new SoaRecordData(DomainName.Parse("ns.example."), DomainName.Parse("h.example."), 1, 2, 3, 4, 5));
            writer.AddRecord(DnsSection.Additional, DomainName.Parse("ns.example."), RRClass.IN, 300, new AddressRecordData(IPAddress.Loopback));
            writer.AddOpt(1232, true, [new EdnsOption(EdnsOptionCode.Nsid, "x"u8.ToArray()), new EdnsOption(EdnsOptionCode.ExtendedDnsError, new byte[] { 0, 3 })]);
            messages.Add(buffer.AsSpan(0, writer.Finish()).ToArray());
        }

        return messages;
    }
}
