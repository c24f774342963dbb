using Dnscert.Checks.Syntax;
using static Dnscert.UnitTests.Checks.Syntax.SyntaxTestFacts;

namespace Dnscert.UnitTests.Checks.Syntax;

/// <summary>SYNTAX04, SYNTAX07 and SYNTAX08: NS names, SOA MNAME and MX names as host names.</summary>
public sealed class HostNameChecksTests
{
    [Fact]
    public void Syntax04_valid_names_are_ok_one_message_each()
    {
        var messages = Run(new NameServerNameSyntaxCheck(), Facts("example.com.", delegationNs: ["ns1.example.net.", "xn--ns-xyz.example.org."]));
        Assert.Equal(["NAMESERVER_SYNTAX_OK", "NAMESERVER_SYNTAX_OK"], messages.Select(m => m.Tag.Name));
    }

    [Fact]
    public void Syntax04_judges_the_parent_names_and_the_zone_names()
    {
        var underscore = Run(new NameServerNameSyntaxCheck(), Facts("example.com.", delegationNs: ["ns1.example.net.", "ns_2.example.net."]));
        Assert.Equal(["NAMESERVER_NON_ALLOWED_CHARS"], underscore.Select(m => m.Tag.Name));
        Assert.Equal("ns_2.example.net.", underscore[0].Arguments["domain"]);
        AssertEvidence(underscore);
        Assert.Equal(2, underscore[0].Evidence.Count);

        // Only the zone itself names ns--2: it is judged too, with the zone's NS answer as evidence.
        var childOnly = Run(new NameServerNameSyntaxCheck(), Facts("example.com.", delegationNs: ["ns1.example.net."], childNs: ["ns1.example.net.", "ns--2.example.net."]));
        Assert.Equal(["NAMESERVER_DISCOURAGED_DOUBLE_DASH"], childOnly.Select(m => m.Tag.Name));
        Assert.Equal("ns--2", childOnly[0].Arguments["label"]);
        AssertEvidence(childOnly);

        var numeric = Run(new NameServerNameSyntaxCheck(), Facts("example.com.", delegationNs: ["ns1.example.net.", "ns.example.123."]));
        Assert.Equal(["NAMESERVER_NUMERIC_TLD"], numeric.Select(m => m.Tag.Name));
        Assert.Equal("123", numeric[0].Arguments["tld"]);
        AssertEvidence(numeric);
    }

    [Fact]
    public void Syntax04_to_08_are_skipped_when_the_zone_name_is_illegal()
    {
        var facts = Facts("bad_zone.example.", mname: "ns_1.example.net.", delegationNs: ["ns_1.example.net."], mx: ["mail_1.example.net."]);
        Assert.Empty(Tags(new NameServerNameSyntaxCheck(), facts));
        Assert.Empty(Tags(new RnameAtSignCheck(), facts));
        Assert.Empty(Tags(new RnameMailboxCheck(), facts));
        Assert.Empty(Tags(new MnameSyntaxCheck(), facts));
        Assert.Empty(Tags(new MxNameSyntaxCheck(), facts));
    }

    [Fact]
    public void Syntax07_judges_the_mname()
    {
        Assert.Equal(["MNAME_SYNTAX_OK"], Tags(new MnameSyntaxCheck(), Facts("example.com.", mname: "ns1.example.net.")));
        var bad = Run(new MnameSyntaxCheck(), Facts("example.com.", mname: "ns_1.example.net."));
        Assert.Equal(["MNAME_NON_ALLOWED_CHARS"], bad.Select(m => m.Tag.Name));
        AssertEvidence(bad);
        Assert.Equal(["MNAME_DISCOURAGED_DOUBLE_DASH"], Tags(new MnameSyntaxCheck(), Facts("example.com.", mname: "ns--1.example.net.")));
        Assert.Equal(["MNAME_NUMERIC_TLD"], Tags(new MnameSyntaxCheck(), Facts("example.com.", mname: "ns1.example.42.")));
    }

    [Fact]
    public void Syntax08_judges_every_mx_target()
    {
        Assert.Equal(["MX_SYNTAX_OK", "MX_SYNTAX_OK"], Tags(new MxNameSyntaxCheck(), Facts("example.com.", mx: ["mx1.example.com.", "mx2.example.net."])));
        Assert.Empty(Tags(new MxNameSyntaxCheck(), Facts("example.com.")));
        var bad = Run(new MxNameSyntaxCheck(), Facts("example.com.", mx: ["mx1.example.com.", "mail_srv.example.com."]));
        Assert.Equal(["MX_NON_ALLOWED_CHARS"], bad.Select(m => m.Tag.Name));
        AssertEvidence(bad);
        Assert.Equal(["MX_DISCOURAGED_DOUBLE_DASH"], Tags(new MxNameSyntaxCheck(), Facts("example.com.", mx: ["mx--1.example.com."])));
        Assert.Equal(["MX_NUMERIC_TLD"], Tags(new MxNameSyntaxCheck(), Facts("example.com.", mx: ["mx.example.7."])));
    }

    [Fact]
    public void Syntax08_without_any_mx_answer_says_so_at_debug_level()
    {
        var all = Facts("example.com.");
        var facts = new Dnscert.Checks.Facts.ZoneFacts(all.Zone) { ChildFound = true, Servers = [.. all.Servers.Select(s => new Dnscert.Checks.Facts.ServerFacts(s.Server, s.Zone) { SoaUdp = s.SoaUdp })] };

        var message = Assert.Single(Run(new MxNameSyntaxCheck(), facts));
        Assert.Equal("NO_RESPONSE_MX_QUERY", message.Tag.Name);
        Assert.Equal(Dnscert.Core.Severity.Debug, message.Severity);
    }
}
