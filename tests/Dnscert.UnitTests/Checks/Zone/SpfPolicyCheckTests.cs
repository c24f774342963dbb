using Dnscert.Checks.Facts;
using Dnscert.Checks.Zone;
using Dnscert.Core;
using Dnscert.Dns;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;
using static Dnscert.UnitTests.Checks.TestFacts;

namespace Dnscert.UnitTests.Checks.Zone;

public sealed class SpfPolicyCheckTests
{
    private static ZoneFacts Facts(string zone, params (string Ns, string Address, DnsExchangeOutcome Txt)[] servers) =>
        new(Name(zone))
        {
            ChildFound = true,
            Servers = [.. servers.Select(s => new ServerFacts(Ns(s.Ns, s.Address), Name(zone)) { InDelegation = true, Txt = s.Txt })],
        };

    private static List<string> Tags(ZoneFacts facts) => [.. new SpfPolicyCheck().Evaluate(facts).Select(m => m.Tag.Name)];

    private static ZoneFacts Same(string zone, params string[][] records) =>
        Facts(zone, ("ns1.example.", "192.0.2.1", Txt(zone, records)), ("ns2.example.", "192.0.2.2", Txt(zone, records)));

    [Fact]
    public void A_valid_policy_everywhere_is_syntax_ok()
    {
        Assert.Equal(["Z11_SPF_SYNTAX_OK"], Tags(Same("example.com.", ["v=spf1 a mx -all"], ["some other text"])));
        Assert.Equal(["Z11_SPF_SYNTAX_OK"], Tags(Same("example.com.", ["v=spf1"])));
    }

    [Fact]
    public void The_strings_of_one_record_are_joined_without_a_separator()
    {
        // "v=spf1 ip4:192.0.2." + "1 -all" is one policy; joined with a space it would be a syntax error.
        Assert.Equal(["Z11_SPF_SYNTAX_OK"], Tags(Same("example.com.", ["v=spf1 ip4:192.0.2.", "1 -all"])));
        Assert.Equal(["Z11_SPF_SYNTAX_OK"], Tags(Same("example.com.", ["V=SPF1 ", "MX -ALL"])));
    }

    [Fact]
    public void No_txt_or_no_spf_txt_is_no_spf_found_but_not_for_non_mail_domains()
    {
        Assert.Equal(["Z11_NO_SPF_FOUND"], Tags(Same("example.com.")));
        Assert.Equal(["Z11_NO_SPF_FOUND"], Tags(Same("example.com.", ["v=spf10 -all"], ["hello"])));
        var message = new SpfPolicyCheck().Evaluate(Same("example.com.")).Single();
        Assert.Equal(Severity.Notice, message.Severity);
        Assert.NotEmpty(message.Evidence);
        Assert.Equal(["Z11_NO_SPF_NON_MAIL_DOMAIN"], Tags(Same(".")));
        Assert.Equal(["Z11_NO_SPF_NON_MAIL_DOMAIN"], Tags(Same("tld.")));
        Assert.Equal(["Z11_NO_SPF_NON_MAIL_DOMAIN"], Tags(Same("2.0.192.in-addr.arpa.", ["not spf"])));
    }

    [Fact]
    public void Non_mail_domains_should_publish_the_null_policy_if_any()
    {
        Assert.Equal(["Z11_NULL_SPF_NON_MAIL_DOMAIN"], Tags(Same(".", ["v=spf1 -all"])));
        Assert.Equal(["Z11_NULL_SPF_NON_MAIL_DOMAIN"], Tags(Same("tld.", ["v=spf1 -all"])));
        Assert.Equal(["Z11_NON_NULL_SPF_NON_MAIL_DOMAIN"], Tags(Same("tld.", ["v=spf1 ip4:192.0.2.1 -all"])));
        Assert.Equal(["Z11_NON_NULL_SPF_NON_MAIL_DOMAIN"], Tags(Same("zone.arpa.", ["v=spf1 ~all"])));
        // A syntax error is reported before the non-mail judgement.
        Assert.Equal(["Z11_SPF_SYNTAX_ERROR"], Tags(Same("tld.", ["v=spf1 -al"])));
    }

    [Fact]
    public void A_policy_that_breaks_the_grammar_is_a_syntax_error_naming_every_server()
    {
        var facts = Facts("example.com.",
            ("ns1a.example.com.", "192.0.2.1", Txt("example.com.", ["v=spf1 amx-all"])),
            ("ns1b.example.com.", "192.0.2.1", Txt("example.com.", ["v=spf1 amx-all"])),
            ("ns2.example.com.", "192.0.2.2", Txt("example.com.", ["v=spf1 amx-all"])));
        var message = new SpfPolicyCheck().Evaluate(facts).Single();
        Assert.Equal("Z11_SPF_SYNTAX_ERROR", message.Tag.Name);
        Assert.Equal(Severity.Warning, message.Severity);
        Assert.NotEmpty(message.Evidence);
        Assert.Equal("ns1a.example.com./192.0.2.1;ns1b.example.com./192.0.2.1;ns2.example.com./192.0.2.2", message.Arguments["ns_list"]);
        Assert.Contains("amx-all", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Octets_outside_ascii_are_a_syntax_error()
    {
        var bytes = new byte[] { (byte)'v', (byte)'=', (byte)'s', (byte)'p', (byte)'f', (byte)'1', (byte)' ', (byte)'a', 0xA5, 0x0B };
        var txt = Answer("example.com.", RRType.TXT, [("example.com.", new Dnscert.Dns.Records.TxtRecordData(RRType.TXT, [bytes]))]);
        var facts = Facts("example.com.", ("ns1.example.", "192.0.2.1", txt));
        Assert.Equal(["Z11_SPF_SYNTAX_ERROR"], Tags(facts));
        Assert.Contains("\\165", new SpfPolicyCheck().Evaluate(facts).Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_policies_on_a_server_are_multiple_records()
    {
        var message = new SpfPolicyCheck().Evaluate(Same("example.com.", ["v=spf1 -all"], ["v=spf1 a mx ~all"])).Single();
        Assert.Equal("Z11_SPF_MULTIPLE_RECORDS", message.Tag.Name);
        Assert.Equal(Severity.Warning, message.Severity);
        Assert.NotEmpty(message.Evidence);
        Assert.Equal(["Z11_SPF_SYNTAX_OK"], Tags(Same("example.com.", ["v=spf1 -all"], ["v=spf2.0/pra -all"])));
    }

    [Fact]
    public void Servers_that_disagree_give_inconsistent_and_one_group_message_each()
    {
        var facts = Facts("example.com.",
            ("ns1.example.", "192.0.2.1", Txt("example.com.", ["No SPF here"])),
            ("ns2.example.", "192.0.2.2", Txt("example.com.", ["v=spf1 -all"])),
            ("ns3.example.", "192.0.2.3", Txt("example.com.", ["v=spf1 -all"])));
        var messages = new SpfPolicyCheck().Evaluate(facts).ToList();
        Assert.Equal(["Z11_INCONSISTENT_SPF_POLICIES", "Z11_DIFFERENT_SPF_POLICIES_FOUND", "Z11_DIFFERENT_SPF_POLICIES_FOUND"], messages.Select(m => m.Tag.Name));
        Assert.NotEmpty(messages[0].Evidence);
        Assert.Equal("ns1.example./192.0.2.1", messages[1].Arguments["ns_list"]);
        Assert.Equal("ns2.example./192.0.2.2;ns3.example./192.0.2.3", messages[2].Arguments["ns_list"]);
        // Other TXT records may differ: only the SPF policies are compared.
        var same = Facts("example.com.",
            ("ns1.example.", "192.0.2.1", Txt("example.com.", ["I am one"], ["v=spf1 -all"])),
            ("ns2.example.", "192.0.2.2", Txt("example.com.", ["I am two"], ["v=spf1 -all"])));
        Assert.Equal(["Z11_SPF_SYNTAX_OK"], Tags(same));
    }

    [Fact]
    public void Without_an_authoritative_noerror_answer_spf_cannot_be_checked()
    {
        var nonAuth = Answer("example.com.", RRType.TXT, [("example.com.", Dnscert.Dns.Records.TxtRecordData.FromText("v=spf1 -all"))], authoritative: false);
        var servfail = Answer("example.com.", RRType.TXT, [], rcode: DnsResponseCode.ServFail);
        var facts = Facts("example.com.", ("ns1.example.", "192.0.2.1", nonAuth), ("ns2.example.", "192.0.2.2", servfail),
            ("ns3.example.", "192.0.2.3", TimedOut("example.com.", RRType.TXT)));
        var message = new SpfPolicyCheck().Evaluate(facts).Single();
        Assert.Equal("Z11_UNABLE_TO_CHECK_FOR_SPF", message.Tag.Name);
        Assert.Equal(3, message.Evidence.Count);
        // One server that answers properly is enough; the others are ignored.
        var one = Facts("example.com.", ("ns1.example.", "192.0.2.1", nonAuth), ("ns2.example.", "192.0.2.2", Txt("example.com.", ["v=spf1 -all"])));
        Assert.Equal(["Z11_SPF_SYNTAX_OK"], Tags(one));
        Assert.Empty(Tags(new ZoneFacts(Name("example.com."))));
    }
}
