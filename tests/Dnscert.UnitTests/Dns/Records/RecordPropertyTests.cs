using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.UnitTests.Dns.Records;

/// <summary>Random RDATA of every layout: wire → message → typed → text → typed gives the same bytes.</summary>
public sealed class RecordPropertyTests
{
    [Fact]
    public void Random_records_survive_the_message_and_both_presentation_forms()
    {
        RandomRecords.Any.Array[1, 5].Sample(records =>
        {
            var buffer = new byte[8192];
            var writer = new DnsMessageWriter(buffer);
            writer.WriteHeader(1, DnsHeaderBits.Response);
            foreach (var record in records)
            {
                writer.AddRecord(DnsSection.Answer, DomainName.Parse("x."), RRClass.IN, 1, record);
            }

            var message = DnsMessage.Parse(buffer.AsMemory(0, writer.Finish()));
            for (var i = 0; i < records.Length; i++)
            {
                var expected = records[i].ToWire();
                var decoded = message.Answers[i].GetData();
                Assert.Equal(expected, decoded.ToWire());
                var text = decoded.ToString();
                Assert.Equal(expected, RecordData.Parse(records[i].Type, text).ToWire());
                Assert.Equal(expected, RecordData.Parse(records[i].Type, decoded.ToGenericPresentation()).ToWire());
            }
        }, iter: 3000, print: records => string.Join(" | ", records.Select(r => $"{DnsMnemonics.ToText(r.Type)} {r}")));
    }
}
