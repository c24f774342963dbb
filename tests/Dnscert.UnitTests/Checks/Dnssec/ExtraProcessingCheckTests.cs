using Dnscert.Checks.Dnssec;
using Dnscert.Checks.Facts;
using Dnscert.Core;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using static Dnscert.UnitTests.Checks.TestFacts;

namespace Dnscert.UnitTests.Checks.Dnssec;

public sealed class ExtraProcessingCheckTests
{
    private const string Zone = "example.test.";
    private static readonly DnskeyRecordData s_key = new(RRType.DNSKEY, 257, 3, 13, new byte[64]);
    private static readonly RrsigRecordData s_sig = new(RRType.DNSKEY, 13, 2, 3600, 1798761600, 1796169600, 12345, Name(Zone), new byte[64]);

    private static ZoneFacts Facts(params DnsExchangeOutcome[] dnskeyAnswers) => new(Name(Zone))
    {
        ChildFound = true,
        Servers = [.. dnskeyAnswers.Select((a, i) => new ServerFacts(Ns($"ns{i + 1}.example.test.", $"192.0.2.{i + 1}"), Name(Zone)) { InDelegation = true, Dnskey = a })],
    };

    private static List<string> Tags(ZoneFacts facts) => [.. new ExtraProcessingCheck().Evaluate(facts).Select(m => m.Tag.Name)];

    [Fact]
    public void Keys_with_their_signatures_from_every_server_are_fine()
    {
        var signed = Answer(Zone, RRType.DNSKEY, [(Zone, s_key), (Zone, s_sig)]);
        Assert.Equal(["EXTRA_PROCESSING_OK", "EXTRA_PROCESSING_OK"], Tags(Facts(signed, signed)));
    }

    [Fact]
    public void A_server_that_drops_the_signatures_or_the_keys_is_an_error_with_its_answer_as_evidence()
    {
        var signed = Answer(Zone, RRType.DNSKEY, [(Zone, s_key), (Zone, s_sig)]);
        var unsigned = Answer(Zone, RRType.DNSKEY, [(Zone, s_key)], server: "192.0.2.2");
        var empty = Answer(Zone, RRType.DNSKEY, [], server: "192.0.2.3");
        var messages = new ExtraProcessingCheck().Evaluate(Facts(signed, unsigned, empty)).ToList();
        Assert.Equal(["EXTRA_PROCESSING_OK", "EXTRA_PROCESSING_BROKEN", "EXTRA_PROCESSING_BROKEN"], messages.Select(m => m.Tag.Name));
        Assert.Equal(Severity.Error, messages[1].Severity);
        Assert.Equal("0", messages[1].Arguments["sigs"].ToString());
        Assert.Equal("0", messages[2].Arguments["keys"].ToString());
        Assert.NotEmpty(messages[1].Evidence);
    }

    [Fact]
    public void An_unsigned_zone_is_not_judged() =>
        Assert.Empty(Tags(Facts(Answer(Zone, RRType.DNSKEY, []), Answer(Zone, RRType.DNSKEY, []))));
}
