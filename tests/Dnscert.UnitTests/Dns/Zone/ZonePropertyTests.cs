using System.Globalization;
using System.Text;
using CsCheck;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Zone;
using Dnscert.UnitTests.Dns.Records;

namespace Dnscert.UnitTests.Dns.Zone;

/// <summary>CsCheck properties: hostile text only ever raises ZoneFileException, and printed records read back unchanged.</summary>
public sealed class ZonePropertyTests
{
    private const string Sample = """
        $ORIGIN example.
        $TTL 1h
        @ IN SOA ns1 hostmaster ( 2026112801 1h 15m 1w 300 ) ; comment
          NS ns1
          NS ns2.other.
        ns1 300 A 192.0.2.1
        www IN 60 AAAA 2001:db8::1
        txt TXT "a; (b)" "say \"hi\"" \065 plain
        a\.b MX 10 mail
        _sip._tcp SRV 0 5 5060 sip
        x TYPE65280 \# 3 010203
        $GENERATE 1-4/2 host${0,3,x} 30 IN A 10.0.0.$
        svc HTTPS 1 . alpn="h2,h3" port=443
        k DNSKEY 257 3 13 ( AQID
          BA== )
        """;

    private static readonly ZoneParseLimits s_smallLimits = ZoneParseLimits.Default with
    {
        MaxLineLength = 400, MaxTokensPerRecord = 64, MaxRecordLength = 2000, MaxRecords = 200, MaxGenerateCount = 50, MaxFileSize = 20_000,
    };

    private static readonly ZoneReaderOptions s_options = new()
    {
        Origin = DomainName.Parse("example."),
        FileName = "fuzz.zone",
        Limits = s_smallLimits,
    };

    [Fact]
    public void The_sample_zone_used_for_mutation_is_valid()
    {
        var zone = ZoneFile.Parse(Sample, s_options);
        Assert.Equal(13, zone.Records.Count);
    }

    [Fact]
    public void Mutated_zone_text_raises_only_ZoneFileException()
    {
        var edits = Gen.Select(Gen.Int[0, Sample.Length], Gen.Char["0123456789abczAZ.$@;()\"\\ \t\n\r{},-/#=\u00e9"], Gen.Int[0, 3]).Array[1, 6];
        edits.Sample(list =>
        {
            var text = Sample;
            foreach (var (at, c, kind) in list)
            {
                var position = at % (text.Length + 1);
                text = kind switch
                {
                    0 => text.Insert(position, c.ToString()),
                    1 when position < text.Length => text.Remove(position, 1),
                    2 => text.Insert(position, new string(c, 1 + (at % 7))),
                    _ => text[..position],
                };
            }

            ParseOnlyZoneFileException(text);
        }, iter: 20000);
    }

    [Fact]
    public void Random_text_raises_only_ZoneFileException()
    {
        var tokens = Gen.OneOf(
            Gen.Const("$TTL"), Gen.Const("$ORIGIN"), Gen.Const("$GENERATE"), Gen.Const("$INCLUDE"), Gen.Const("@"), Gen.Const("IN"),
            Gen.Const("SOA"), Gen.Const("A"), Gen.Const("TXT"), Gen.Const("NS"), Gen.Const("TYPE65280"), Gen.Const("\\#"), Gen.Const("("),
            Gen.Const(")"), Gen.Const(";"), Gen.Const("\""), Gen.Const("\n"), Gen.Const(" "), Gen.Const("1-9"), Gen.Const("${1,2,x}"),
            Gen.String[Gen.Char["abc019.\\$@\" -"], 0, 8]);
        tokens.Array[0, 40].Sample(parts => ParseOnlyZoneFileException(string.Join(" ", parts)), iter: 20000);
    }

    [Fact]
    public void Records_printed_as_zone_lines_read_back_to_the_same_records()
    {
        var record = Gen.Select(RandomRecords.Name, Gen.UInt[0, int.MaxValue], RandomRecords.Any, Gen.Int[0, 3]);
        record.Array[1, 8].Sample(records =>
        {
            var text = new StringBuilder();
            var expected = new List<(DomainName Owner, uint Ttl, RecordData Data)>();
            foreach (var (owner, ttl, data, form) in records)
            {
                var type = DnsMnemonics.ToText(data.Type);
                var ttlText = ttl.ToString(CultureInfo.InvariantCulture);
                var blank = form == 3 && expected.Count > 0;
                var expectedOwner = blank ? expected[^1].Owner : owner;
                text.Append(form switch
                {
                    0 => $"{owner} {ttlText} IN {type} {data}\n",
                    1 => $"{owner}\tIN\t{ttlText}\t{type}\t{data} ; comment\n",
                    2 => $"{owner} {ttlText} {type} (\n  {data}\n  ) ; spread over lines\n",
                    _ => blank ? $"\t{ttlText} {type} {data}\n" : $"{owner} {ttlText} {type} {data}\n",
                });
                expected.Add((expectedOwner, ttl, data));
            }

            using var reader = ZoneFileReader.FromText(text.ToString(), new ZoneReaderOptions { Origin = DomainName.Root });
            var read = reader.ReadAll().ToList();
            Assert.Equal(expected.Count, read.Count);
            for (var i = 0; i < read.Count; i++)
            {
                Assert.True(expected[i].Owner.Wire.SequenceEqual(read[i].Owner.Wire), $"owner {expected[i].Owner} read as {read[i].Owner}");
                Assert.Equal(expected[i].Ttl, read[i].Ttl);
                Assert.Equal(RRClass.IN, read[i].Class);
                Assert.Equal(expected[i].Data.Type, read[i].Type);
                Assert.Equal(expected[i].Data.ToWire(), read[i].Data.ToWire());
            }
        }, iter: 3000, print: records => string.Join("\n", records.Select(r => $"{r.Item1} {r.Item2} {DnsMnemonics.ToText(r.Item3.Type)} {r.Item3} [{r.Item4}]")));
    }

    private static void ParseOnlyZoneFileException(string text)
    {
        try
        {
            var zone = ZoneFile.Parse(text, s_options);
            _ = zone.GetDelegations();
            foreach (var record in zone.Records)
            {
                _ = record.ToString();
            }
        }
        catch (ZoneFileException)
        {
            // The only acceptable failure.
        }
    }
}
