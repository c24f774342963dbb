using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Dnssec;

/// <summary>DNSSEC17: is the CDNSKEY RRset a valid request to the parent (RFC 7344, RFC 8078)?</summary>
public sealed class CdnskeyValidationCheck : ChildKeyValidationCheck
{
    public static readonly MessageTag CdnskeyInvalidRrsig = new("DS17_CDNSKEY_INVALID_RRSIG", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the CDNSKEY RRset does not verify; servers: {ns_ip_list}.", "Re-sign the CDNSKEY RRset; the parent must not act on it as it is.");
    public static readonly MessageTag CdnskeyNonSep = new("DS17_CDNSKEY_IS_NON_SEP", Severity.Notice, null,
        "The CDNSKEY with key tag {keytag} lacks the SEP flag; servers: {ns_ip_list}.", "Publish CDNSKEY for KSKs (flags 257).");
    public static readonly MessageTag CdnskeyNonZone = new("DS17_CDNSKEY_IS_NON_ZONE", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDNSKEY with key tag {keytag} lacks the zone-key flag; servers: {ns_ip_list}.", "A DS for that key could never validate; publish CDNSKEY for zone keys only.");
    public static readonly MessageTag CdnskeyNoDnskey = new("DS17_CDNSKEY_MATCHES_NO_DNSKEY", Severity.Warning, ThreatTypes.DnssecBogus,
        "The CDNSKEY with key tag {keytag} matches no DNSKEY of the zone; servers: {ns_ip_list}.", "Publish the key before asking the parent for its DS (or remove the CDNSKEY).");
    public static readonly MessageTag CdnskeyNotSignedByCdnskey = new("DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY", Severity.Notice, null,
        "The CDNSKEY RRset is not signed by the key with tag {keytag} that one of its records stands for; servers: {ns_ip_list}.");
    public static readonly MessageTag CdnskeyUnknownKey = new("DS17_CDNSKEY_SIGNED_BY_UNKNOWN_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDNSKEY RRset is signed by key {keytag}, which is not in the DNSKEY RRset; servers: {ns_ip_list}.", "Sign the CDNSKEY RRset with a published key.");
    public static readonly MessageTag CdnskeyUnsigned = new("DS17_CDNSKEY_UNSIGNED", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDNSKEY RRset is unsigned; servers: {ns_ip_list}.", "Sign the CDNSKEY RRset; a parent must ignore an unsigned one.");
    public static readonly MessageTag CdnskeyWithoutDnskey = new("DS17_CDNSKEY_WITHOUT_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "These servers publish CDNSKEY but no DNSKEY RRset: {ns_ip_list}.", "Sign the zone before publishing CDNSKEY.");
    public static readonly MessageTag DeleteCdnskey = new("DS17_DELETE_CDNSKEY", Severity.Info, null, "The CDNSKEY RRset asks the parent to delete the DS (RFC 8078 \"delete\"); servers: {ns_ip_list}.");
    public static readonly MessageTag DnskeyNotSignedByCdnskey = new("DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY", Severity.Warning, ThreatTypes.DnssecBogus,
        "The DNSKEY RRset is not signed by key {keytag} that the CDNSKEY stands for; servers: {ns_ip_list}.", "A DS made from this CDNSKEY would break the chain of trust; sign the DNSKEY RRset with that key first.");
    public static readonly MessageTag MixedDeleteCdnskey = new("DS17_MIXED_DELETE_CDNSKEY", Severity.Error, ThreatTypes.ProtocolViolation,
        "A \"delete\" CDNSKEY is mixed with other CDNSKEY records; servers: {ns_ip_list}.", "\"Delete\" must be the only CDNSKEY record.");

    public override string Id => "DNSSEC17";

    public override IReadOnlyList<MessageTag> Tags { get; } =
        [CdnskeyInvalidRrsig, CdnskeyNonSep, CdnskeyNonZone, CdnskeyNoDnskey, CdnskeyNotSignedByCdnskey, CdnskeyUnknownKey, CdnskeyUnsigned, CdnskeyWithoutDnskey, DeleteCdnskey, DnskeyNotSignedByCdnskey, MixedDeleteCdnskey];

    protected override RRType Type => RRType.CDNSKEY;

    protected override MessageTag InvalidRrsig => CdnskeyInvalidRrsig;

    protected override MessageTag NonSep => CdnskeyNonSep;

    protected override MessageTag NonZone => CdnskeyNonZone;

    protected override MessageTag MatchesNoDnskey => CdnskeyNoDnskey;

    protected override MessageTag NotSignedBySelf => CdnskeyNotSignedByCdnskey;

    protected override MessageTag SignedByUnknown => CdnskeyUnknownKey;

    protected override MessageTag NoRrsig => CdnskeyUnsigned;

    protected override MessageTag WithoutDnskey => CdnskeyWithoutDnskey;

    protected override MessageTag Delete => DeleteCdnskey;

    protected override MessageTag DnskeyNotSigned => DnskeyNotSignedByCdnskey;

    protected override MessageTag MixedDelete => MixedDeleteCdnskey;
}
