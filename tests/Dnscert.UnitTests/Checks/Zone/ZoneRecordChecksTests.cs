using Dnscert.Checks.Delegation;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Zone;
using Dnscert.Core;
using Dnscert.Dns;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.TestFacts;

namespace Dnscert.UnitTests.Checks.Zone;

/// <summary>ZONE07, ZONE08, ZONE10 and DELEGATION06: the records the zone itself serves about its SOA and MX.</summary>
public sealed class ZoneRecordChecksTests
{
    private const string Zone = "example.test.";

    private static ZoneFacts WithSoaAnswers(params DnsExchangeOutcome[] answers) =>
        new(Name(Zone))
        {
            ChildFound = true,
            Servers = [.. answers.Select((a, i) => new ServerFacts(Ns($"ns{i + 1}.example.test.", $"192.0.2.{i + 1}"), Name(Zone)) { InDelegation = true, SoaUdp = a })],
        };

    private static SoaRecordData SoaData(long serial = 1) => new(Name("ns1.example.test."), Name("hostmaster.example.test."), (uint)serial, 14400, 3600, 1209600, 3600);

    private static List<string> Tags(Dnscert.Checks.ICheck check, ZoneFacts facts) => [.. check.Evaluate(facts).Select(m => m.Tag.Name)];

    private static NameQueryAnswer Lookup(string name, RRType type, params (string Owner, RecordData Data)[] records) =>
        new(Name(name), type, Answer(name, type, records).Message, []);

    [Fact]
    public void ZONE10_one_SOA_from_every_server_is_ONE_SOA()
    {
        var soa = Answer(Zone, RRType.SOA, [(Zone, SoaData())]);
        Assert.Equal(["ONE_SOA"], Tags(new SingleSoaCheck(), WithSoaAnswers(soa, soa)));
    }

    [Fact]
    public void ZONE10_two_SOA_records_in_one_answer_is_an_error_naming_the_server_with_evidence()
    {
        var good = Answer(Zone, RRType.SOA, [(Zone, SoaData())]);
        var doubled = Answer(Zone, RRType.SOA, [(Zone, SoaData(1)), (Zone, SoaData(2))], server: "192.0.2.2");
        var message = Assert.Single(new SingleSoaCheck().Evaluate(WithSoaAnswers(good, doubled)));
        Assert.Equal("MULTIPLE_SOA", message.Tag.Name);
        Assert.Equal(Severity.Error, message.Severity);
        Assert.Contains("ns2.example.test.", message.Arguments["ns"].ToString(), StringComparison.Ordinal);
        Assert.Equal("2", message.Arguments["count"].ToString());
        Assert.NotEmpty(message.Evidence);
    }

    [Fact]
    public void ZONE10_an_SOA_for_another_owner_or_none_at_all_are_debug_findings_and_no_ONE_SOA()
    {
        var other = Answer(Zone, RRType.SOA, [("other.test.", SoaData())]);
        var empty = Answer(Zone, RRType.SOA, []);
        Assert.Equal(["WRONG_SOA", "NO_SOA_IN_RESPONSE"], Tags(new SingleSoaCheck(), WithSoaAnswers(other, empty)));
    }

    [Fact]
    public void DELEGATION06_a_NOERROR_answer_without_an_SOA_is_SOA_NOT_EXISTS_and_refusals_are_left_to_other_checks()
    {
        var soa = Answer(Zone, RRType.SOA, [(Zone, SoaData())]);
        var empty = Answer(Zone, RRType.SOA, [], authoritative: false);
        var refused = Answer(Zone, RRType.SOA, [], rcode: DnsResponseCode.Refused);
        Assert.Equal(["SOA_EXISTS"], Tags(new SoaExistsCheck(), WithSoaAnswers(soa, refused)));
        var message = Assert.Single(new SoaExistsCheck().Evaluate(WithSoaAnswers(soa, empty)));
        Assert.Equal("SOA_NOT_EXISTS", message.Tag.Name);
        Assert.Equal(Severity.Error, message.Severity);
        Assert.NotEmpty(message.Evidence);
    }

    [Fact]
    public void ZONE07_an_MNAME_behind_a_CNAME_is_a_notice_and_one_without_any_address_a_warning()
    {
        var aliased = new ZoneFacts(Name(Zone))
        {
            MnameAddressAnswers =
            [
                Lookup("ns1.example.test.", RRType.A, ("ns1.example.test.", new NameRecordData(RRType.CNAME, Name("host.example.test."))), ("host.example.test.", new AddressRecordData(System.Net.IPAddress.Parse("192.0.2.9")))),
                Lookup("ns1.example.test.", RRType.AAAA),
            ],
        };
        Assert.Equal(["MNAME_IS_CNAME"], Tags(new MnameNotAliasCheck(), aliased));
        var plain = new ZoneFacts(Name(Zone)) { MnameAddressAnswers = [Lookup("ns1.example.test.", RRType.A, ("ns1.example.test.", new AddressRecordData(System.Net.IPAddress.Parse("192.0.2.1"))))] };
        Assert.Equal(["MNAME_IS_NOT_CNAME"], Tags(new MnameNotAliasCheck(), plain));
        var none = new ZoneFacts(Name(Zone)) { MnameAddressAnswers = [Lookup("ns1.example.test.", RRType.A), Lookup("ns1.example.test.", RRType.AAAA)] };
        Assert.Equal(["MNAME_IS_NOT_CNAME", "MNAME_HAS_NO_ADDRESS"], Tags(new MnameNotAliasCheck(), none));
        var silent = new ZoneFacts(Name(Zone)) { MnameAddressAnswers = [new NameQueryAnswer(Name("ns1.example.test."), RRType.A, null, [])] };
        Assert.Empty(Tags(new MnameNotAliasCheck(), silent));
    }

    [Fact]
    public void ZONE08_an_MX_exchange_that_is_an_alias_is_reported_with_its_target()
    {
        var facts = new ZoneFacts(Name(Zone))
        {
            MxCnameAnswers =
            [
                Lookup("mail.example.test.", RRType.CNAME, ("mail.example.test.", new NameRecordData(RRType.CNAME, Name("mx.provider.test.")))),
                Lookup("mx2.example.test.", RRType.CNAME),
            ],
        };
        var messages = new MxNotAliasCheck().Evaluate(facts).ToList();
        Assert.Equal(["MX_RECORD_IS_CNAME", "MX_RECORD_IS_NOT_CNAME"], messages.Select(m => m.Tag.Name));
        Assert.Equal("mx.provider.test.", messages[0].Arguments["target"].ToString());
        Assert.Equal(Severity.Notice, messages[0].Severity);
    }
}
