using Dnscert.Checks.Facts;
using Dnscert.Checks.Rules;
using Dnscert.Checks.Syntax;
using static Dnscert.UnitTests.Checks.Syntax.SyntaxTestFacts;
using static Dnscert.UnitTests.Checks.TestFacts;

namespace Dnscert.UnitTests.Checks.Syntax;

/// <summary>SYNTAX05 and SYNTAX06: the SOA RNAME as a mailbox.</summary>
public sealed class RnameChecksTests
{
    [Fact]
    public void Syntax05_flags_an_at_sign_in_the_rname()
    {
        Assert.Equal(["RNAME_NO_AT_SIGN"], Tags(new RnameAtSignCheck(), Facts("example.com.", rname: "hostmaster.example.com.")));
        Assert.Equal(["RNAME_NO_AT_SIGN"], Tags(new RnameAtSignCheck(), Facts("example.com.", rname: "john\\.doe.example.com.")));
        var bad = Run(new RnameAtSignCheck(), Facts("example.com.", rname: "hostmaster\\@example.com."));
        Assert.Equal(["RNAME_MISUSED_AT_SIGN"], bad.Select(m => m.Tag.Name));
        AssertEvidence(bad);
    }

    [Fact]
    public void Syntax05_to_07_stay_silent_without_an_soa()
    {
        var facts = new ZoneFacts(Name("example.com.")) { ChildFound = true, Servers = [new ServerFacts(Ns("ns1.example.net.", "192.0.2.1"), Name("example.com.")) { SoaUdp = TimedOut("example.com.", Dnscert.Dns.RRType.SOA) }] };
        Assert.Empty(Tags(new RnameAtSignCheck(), facts));
        Assert.Empty(Tags(new RnameMailboxCheck(), facts));
        Assert.Empty(Tags(new MnameSyntaxCheck(), facts));
    }

    [Fact]
    public void Syntax06_a_well_formed_mailbox_is_valid()
    {
        var messages = Run(new RnameMailboxCheck(), Facts("example.com.", rname: "john\\.doe.example.com."));
        Assert.Equal(["RNAME_RFC822_VALID"], messages.Select(m => m.Tag.Name));
        Assert.Equal("john.doe@example.com", messages[0].Arguments["rname"]);
    }

    [Theory]
    [InlineData("bad\\032mailbox.example.com.")]
    [InlineData("hostmaster\\@example.com.")]
    [InlineData("a\\.\\.b.example.com.")]
    [InlineData("hostmaster.com.")]
    [InlineData(".")]
    [InlineData("h\\200.example.com.")]
    public void Syntax06_an_rname_that_is_no_mailbox_is_invalid_per_server(string rname)
    {
        var messages = Run(new RnameMailboxCheck(), Facts("example.com.", rname: rname));
        Assert.Equal(["RNAME_RFC822_INVALID", "RNAME_RFC822_INVALID"], messages.Select(m => m.Tag.Name));
        AssertEvidence(messages);
    }

    [Fact]
    public void Syntax06_skips_a_silent_server()
    {
        var facts = Facts("example.com.");
        var silent = new ServerFacts(Ns("ns3.example.net.", "192.0.2.3"), facts.Zone) { SoaUdp = TimedOut("example.com.", Dnscert.Dns.RRType.SOA) };
        facts = new ZoneFacts(facts.Zone) { ChildFound = true, Servers = [.. facts.Servers, silent] };
        Assert.Equal(["RNAME_RFC822_VALID"], Tags(new RnameMailboxCheck(), facts));
    }

    private static ZoneFacts WithMail(params MailDomainFacts[] domains)
    {
        var facts = Facts("example.com.", rname: "hostmaster.example.com.");
        return new ZoneFacts(facts.Zone) { ChildFound = true, Servers = facts.Servers, RnameMailDomains = domains.ToDictionary(d => d.Domain) };
    }

    private static MailHostFacts Host(string name, string[]? v4 = null, bool v4Cname = false, string[]? v6 = null) =>
        new(Name(name), [.. (v4 ?? []).Select(System.Net.IPAddress.Parse)], v4Cname, [.. (v6 ?? []).Select(System.Net.IPAddress.Parse)], false,
            [Dnscert.Checks.Facts.EvidenceBuilder.From(Ns("ns.example.", "192.0.2.9"), TimedOut(name, Dnscert.Dns.RRType.A))]);

    [Fact]
    public void Syntax06_the_mail_domain_must_take_mail()
    {
        var ok = new MailDomainFacts(Name("example.com."), true, [Host("mx.example.com.", v4: ["192.0.2.25"])], []);
        Assert.Equal(["RNAME_RFC822_VALID"], Tags(new RnameMailboxCheck(), WithMail(ok)));

        var onlyV6 = new MailDomainFacts(Name("example.com."), true, [Host("mx.example.com.", v6: ["2001:db8::25"])], []);
        Assert.Equal(["RNAME_RFC822_VALID"], Tags(new RnameMailboxCheck(), WithMail(onlyV6)));

        var noMx = new MailDomainFacts(Name("example.com."), false, [], []);
        Assert.Equal(["RNAME_MAIL_DOMAIN_INVALID"], Tags(new RnameMailboxCheck(), WithMail(noMx)));

        var noAddress = new MailDomainFacts(Name("example.com."), true, [Host("mx.example.com.")], []);
        Assert.Equal(["RNAME_MAIL_DOMAIN_INVALID"], Tags(new RnameMailboxCheck(), WithMail(noAddress)));

        var localhost = Run(new RnameMailboxCheck(), WithMail(new MailDomainFacts(Name("example.com."), true, [Host("mx.example.com.", v4: ["127.0.0.1"])], [])));
        Assert.Equal(["RNAME_MAIL_DOMAIN_LOCALHOST", "RNAME_MAIL_DOMAIN_INVALID"], localhost.Select(m => m.Tag.Name));
        Assert.Equal("127.0.0.1", localhost[0].Arguments["localhost"]);
        AssertEvidence(localhost);

        var cname = Run(new RnameMailboxCheck(), WithMail(new MailDomainFacts(Name("example.com."), true, [Host("mx.example.com.", v4Cname: true)], [])));
        Assert.Equal(["RNAME_MAIL_ILLEGAL_CNAME", "RNAME_MAIL_DOMAIN_INVALID"], cname.Select(m => m.Tag.Name));
        AssertEvidence(cname);

        // One good host does not make up for a bad one: no VALID then.
        var mixed = new MailDomainFacts(Name("example.com."), true, [Host("mx1.example.com.", v4: ["192.0.2.25"]), Host("mx2.example.com.")], []);
        Assert.Equal(["RNAME_MAIL_DOMAIN_INVALID"], Tags(new RnameMailboxCheck(), WithMail(mixed)));
    }

    [Theory]
    [InlineData("hostmaster.example.com.", true)]
    [InlineData("first\\.last+tag.example.co.uk.", true)]
    [InlineData("\"quoted\\032local\".example.com.", true)]
    [InlineData("\"un\"quoted\".example.com.", false)]
    [InlineData("dot\\..example.com.", false)]
    [InlineData("x.y_z.example.", true)]
    public void Mailbox_rules_follow_the_addr_spec(string rname, bool valid) =>
        Assert.Equal(valid, MailboxRules.IsValidMailbox(Name(rname)));
}
