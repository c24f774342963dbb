using Dnscert.Checks.Dnssec;
using Dnscert.Checks.Facts;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;

namespace Dnscert.UnitTests.Checks.Dnssec;

public sealed class ChildKeyRecordsTests
{
    private static readonly DomainName s_zone = DomainName.Parse("example.test.");
    private static readonly DnskeyRecordData s_key = (DnskeyRecordData)RecordData.Parse(RRType.DNSKEY, "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=");

    [Fact]
    public void RFC_8078_delete_records_are_recognised()
    {
        Assert.True(ChildKeyRecords.IsDelete(RecordData.Parse(RRType.CDS, "0 0 0 00")));
        Assert.True(ChildKeyRecords.IsDelete(RecordData.Parse(RRType.CDNSKEY, "0 3 0 AA==")));
        Assert.False(ChildKeyRecords.IsDelete(s_key));
    }

    [Fact]
    public void A_CDS_corresponds_to_the_CDNSKEY_it_is_the_digest_of()
    {
        var ds = DsDigest.Create(s_zone, s_key, DsDigest.Sha256);
        Assert.True(ChildKeyRecords.Corresponds(ds, s_key, s_zone));
        var other = (DnskeyRecordData)RecordData.Parse(RRType.DNSKEY, "257 3 15 zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=");
        Assert.False(ChildKeyRecords.Corresponds(ds, other, s_zone));
        Assert.Equal(s_key, ChildKeyRecords.MatchingKey(ds, [other, s_key]));
        Assert.Equal(DnssecKeyTag.Compute(s_key), ChildKeyRecords.TagOf(s_key));
    }

    [Fact]
    public void Without_any_answer_the_CDS_checks_say_nothing()
    {
        var facts = new ZoneFacts(s_zone) { ChildFound = true };
        Assert.Empty(new CdsExistenceCheck().Evaluate(facts));
        Assert.Empty(new CdsValidationCheck().Evaluate(facts));
        Assert.Empty(new CdnskeyValidationCheck().Evaluate(facts));
        Assert.Empty(new CdsTrustCheck().Evaluate(facts));
        Assert.Empty(new DenialOfExistenceCheck().Evaluate(facts));
        Assert.Empty(new KeySizeCheck().Evaluate(facts));
        Assert.Empty(new DnskeySignatureCheck().Evaluate(facts));
        Assert.Empty(new SoaSignatureCheck().Evaluate(facts));
        Assert.Empty(new AlgorithmsSignCheck().Evaluate(facts));
    }
}
