using Dnscert.Checks.Dnssec;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Records;

namespace Dnscert.UnitTests.Checks.Dnssec;

public sealed class DsDigestAlgorithmCheckTests
{
    private static readonly DomainName s_zone = DomainName.Parse("example.test.");

    [Theory]
    [InlineData(0, "DS01_DS_ALGO_NOT_DS")]
    [InlineData(1, "DS01_DS_ALGO_DEPRECATED")]
    [InlineData(2, "DS01_DS_ALGO_OK")]
    [InlineData(3, "DS01_DS_ALGO_DEPRECATED")]
    [InlineData(4, "DS01_DS_ALGO_OK")]
    [InlineData(6, "DS01_DS_ALGO_OK")]
    [InlineData(7, "DS01_DS_ALGO_UNASSIGNED")]
    [InlineData(127, "DS01_DS_ALGO_UNASSIGNED")]
    [InlineData(128, "DS01_DS_ALGO_RESERVED")]
    [InlineData(252, "DS01_DS_ALGO_RESERVED")]
    [InlineData(253, "DS01_DS_ALGO_PRIVATE")]
    [InlineData(254, "DS01_DS_ALGO_PRIVATE")]
    [InlineData(255, "DS01_DS_ALGO_UNASSIGNED")]
    public void Digest_types_are_classified_as_the_IANA_registry_says(byte digestType, string expected) =>
        Assert.Equal(expected, DsDigestAlgorithmCheck.Classify(digestType).Tag.Name);

    [Fact]
    public void A_hand_given_SHA1_DS_is_deprecated_and_lacks_a_SHA256_companion()
    {
        var tags = Run(new ZoneFacts(s_zone) { ChildFound = true, UndelegatedDs = true, ParentDs = [Ds(1)] });
        Assert.Contains("DS01_DS_ALGO_DEPRECATED", tags);
        Assert.Contains("DS01_DS_ALGO_2_MISSING", tags);
        Assert.DoesNotContain("DS01_DS_ALGO_OK", tags);
    }

    [Fact]
    public void A_SHA256_DS_next_to_a_SHA384_one_for_the_same_key_is_enough()
    {
        var tags = Run(new ZoneFacts(s_zone) { ChildFound = true, UndelegatedDs = true, ParentDs = [Ds(2), Ds(4)] });
        Assert.Equal(["DS01_DS_ALGO_OK", "DS01_DS_ALGO_OK"], tags);
    }

    [Fact]
    public void An_undelegated_test_without_DS_says_DS_was_not_tested()
    {
        var tags = Run(new ZoneFacts(s_zone) { ChildFound = true, Undelegated = true });
        Assert.Equal(["DS01_UNDEL_N_NO_UNDEL_DS"], tags);
    }

    [Fact]
    public void The_root_without_hand_given_DS_says_DS_was_not_tested()
    {
        var tags = Run(new ZoneFacts(DomainName.Root) { ChildFound = true });
        Assert.Equal(["DS01_ROOT_N_NO_UNDEL_DS"], tags);
    }

    private static DsRecordData Ds(byte digestType) => new(RRType.DS, 12345, 13, digestType, new byte[32]);

    private static List<string> Run(ZoneFacts facts)
    {
        var messages = new DsDigestAlgorithmCheck().Evaluate(facts).ToList();
        Assert.All(messages.Where(m => m.Severity >= Dnscert.Core.Severity.Warning), m => Assert.NotEmpty(m.Evidence));
        return [.. messages.Select(m => m.Tag.Name)];
    }
}
