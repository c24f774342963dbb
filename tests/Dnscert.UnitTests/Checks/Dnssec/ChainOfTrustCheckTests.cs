using Dnscert.Checks.Dnssec;
using Dnscert.Checks.Engine;
using Dnscert.Checks.Facts;
using Dnscert.Core;
using Dnscert.Dns;

namespace Dnscert.UnitTests.Checks.Dnssec;

public sealed class ChainOfTrustCheckTests
{
    private static readonly DomainName s_zone = DomainName.Parse("example.test.");

    [Fact]
    public void The_compiled_in_anchor_is_IANAs_KSK_2017_and_KSK_2024()
    {
        Assert.Equal([(ushort)20326, (ushort)38696], TrustAnchor.Iana.Ds.Select(d => d.KeyTag));
        Assert.All(TrustAnchor.Iana.Ds, d => Assert.Equal((8, 2), (d.Algorithm, d.DigestType)));
        Assert.Equal("E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D", Convert.ToHexString(TrustAnchor.Iana.Ds[0].Digest.Span));
    }

    [Fact]
    public void An_anchor_file_takes_DS_and_DNSKEY_lines_of_the_root_and_ignores_comments()
    {
        var anchor = TrustAnchor.Parse(
        [
            "; lab anchor",
            ". IN DS 44697 13 2 5EF90825D134BA651E619CA25C66F592B930C54DFAC2A0781FFB3B3AED808A20",
            ". 3600 IN DNSKEY 257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=",
            "",
        ], "test");
        Assert.Equal(44697, anchor.Ds.Single().KeyTag);
        Assert.Equal(15, anchor.Keys.Single().Algorithm);
    }

    [Theory]
    [InlineData("example. IN DS 1 8 2 00")]
    [InlineData(". IN A 192.0.2.1")]
    public void An_anchor_that_is_not_a_root_DS_or_DNSKEY_is_refused(string line) =>
        Assert.Throws<DnscertException>(() => TrustAnchor.Parse([line], "test"));

    [Fact]
    public void Without_an_anchor_the_check_says_the_chain_was_not_followed()
    {
        var messages = new ChainOfTrustCheck().Evaluate(new ZoneFacts(s_zone) { ChildFound = true, ChainOfTrust = new ChainOfTrustFacts() }).ToList();
        Assert.Equal("DS19_NO_TRUST_ANCHOR", Assert.Single(messages).Tag.Name);
    }

    [Fact]
    public void A_walk_that_never_reached_the_zone_is_indeterminate_with_evidence()
    {
        var facts = new ZoneFacts(s_zone)
        {
            ChildFound = true,
            ChainOfTrust = new ChainOfTrustFacts { AnchorDs = TrustAnchor.Iana.Ds, WalkProblem = "no server of . answered" },
            DelegationEvidence = [EvidenceBuilder.From(new NameServerAddress(DomainName.Root, System.Net.IPAddress.Loopback), null)],
        };
        var message = Assert.Single(new ChainOfTrustCheck().Evaluate(facts).ToList());
        Assert.Equal("DS19_CHAIN_INDETERMINATE", message.Tag.Name);
        Assert.Contains("no server of . answered", message.Text, StringComparison.Ordinal);
        Assert.NotEmpty(message.Evidence);
    }

    [Fact]
    public void The_non_existent_name_is_below_the_zone_and_the_same_on_every_run()
    {
        var name = DnssecProbes.NonExistentName(s_zone)!.Value;
        Assert.True(name.IsSubdomainOf(s_zone) && name != s_zone);
        Assert.Equal(name, DnssecProbes.NonExistentName(s_zone));
    }

    [Theory]
    [InlineData(1024, 1024)]
    [InlineData(2048, 2048)]
    [InlineData(2047, 2047)]
    public void The_RSA_modulus_size_is_read_from_the_RFC_3110_layout(int bits, int expected)
    {
        var modulus = new byte[(bits + 7) / 8];
        modulus[0] = (byte)(1 << ((bits - 1) % 8));
        byte[] key = [3, 1, 0, 1, .. modulus];
        Assert.Equal(expected, KeySizeCheck.RsaModulusBits(key));
    }

    [Fact]
    public void Key_size_limits_follow_the_specification_table()
    {
        Assert.Equal((512, 4096), KeySizeCheck.Limits(8));
        Assert.Equal((1024, 4096), KeySizeCheck.Limits(10));
        Assert.Null(KeySizeCheck.Limits(13));
    }
}
