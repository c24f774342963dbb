using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;

namespace Dnscert.Checks.Dnssec;

/// <summary>DNSSEC16: is the CDS RRset a valid request to the parent (RFC 7344, RFC 8078)?</summary>
public sealed class CdsValidationCheck : ChildKeyValidationCheck
{
    public static readonly MessageTag CdsInvalidRrsig = new("DS16_CDS_INVALID_RRSIG", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the CDS RRset does not verify; servers: {ns_ip_list}.", "Re-sign the CDS RRset; the parent must not act on it as it is.");
    public static readonly MessageTag CdsNonSep = new("DS16_CDS_MATCHES_NON_SEP_DNSKEY", Severity.Notice, null,
        "The CDS for key {keytag} points to a DNSKEY without the SEP flag; servers: {ns_ip_list}.", "Point CDS at KSKs (flags 257).");
    public static readonly MessageTag CdsNonZone = new("DS16_CDS_MATCHES_NON_ZONE_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDS for key {keytag} points to a DNSKEY without the zone-key flag; servers: {ns_ip_list}.", "A DS for that key could never validate; point CDS at a zone key.");
    public static readonly MessageTag CdsNoDnskey = new("DS16_CDS_MATCHES_NO_DNSKEY", Severity.Warning, ThreatTypes.DnssecBogus,
        "The CDS for key {keytag} matches no DNSKEY of the zone; servers: {ns_ip_list}.", "Publish the key before asking the parent for its DS (or remove the CDS).");
    public static readonly MessageTag CdsNotSignedByCds = new("DS16_CDS_NOT_SIGNED_BY_CDS", Severity.Notice, null,
        "The CDS RRset is not signed by key {keytag} that one of its records points to; servers: {ns_ip_list}.");
    public static readonly MessageTag CdsUnknownKey = new("DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDS RRset is signed by key {keytag}, which is not in the DNSKEY RRset; servers: {ns_ip_list}.", "Sign the CDS RRset with a published key.");
    public static readonly MessageTag CdsUnsigned = new("DS16_CDS_UNSIGNED", Severity.Error, ThreatTypes.DnssecBogus,
        "The CDS RRset is unsigned; servers: {ns_ip_list}.", "Sign the CDS RRset; a parent must ignore an unsigned one.");
    public static readonly MessageTag CdsWithoutDnskey = new("DS16_CDS_WITHOUT_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "These servers publish CDS but no DNSKEY RRset: {ns_ip_list}.", "Sign the zone before publishing CDS.");
    public static readonly MessageTag DeleteCds = new("DS16_DELETE_CDS", Severity.Info, null, "The CDS RRset asks the parent to delete the DS (RFC 8078 \"delete\"); servers: {ns_ip_list}.");
    public static readonly MessageTag DnskeyNotSignedByCds = new("DS16_DNSKEY_NOT_SIGNED_BY_CDS", Severity.Warning, ThreatTypes.DnssecBogus,
        "The DNSKEY RRset is not signed by key {keytag} that the CDS points to; servers: {ns_ip_list}.", "A DS made from this CDS would break the chain of trust; sign the DNSKEY RRset with that key first.");
    public static readonly MessageTag MixedDeleteCds = new("DS16_MIXED_DELETE_CDS", Severity.Error, ThreatTypes.ProtocolViolation,
        "A \"delete\" CDS is mixed with other CDS records; servers: {ns_ip_list}.", "\"Delete\" must be the only CDS record.");

    public override string Id => "DNSSEC16";

    public override IReadOnlyList<MessageTag> Tags { get; } =
        [CdsInvalidRrsig, CdsNonSep, CdsNonZone, CdsNoDnskey, CdsNotSignedByCds, CdsUnknownKey, CdsUnsigned, CdsWithoutDnskey, DeleteCds, DnskeyNotSignedByCds, MixedDeleteCds];

    protected override RRType Type => RRType.CDS;

    protected override MessageTag InvalidRrsig => CdsInvalidRrsig;

    protected override MessageTag NonSep => CdsNonSep;

    protected override MessageTag NonZone => CdsNonZone;

    protected override MessageTag MatchesNoDnskey => CdsNoDnskey;

    protected override MessageTag NotSignedBySelf => CdsNotSignedByCds;

    protected override MessageTag SignedByUnknown => CdsUnknownKey;

    protected override MessageTag NoRrsig => CdsUnsigned;

    protected override MessageTag WithoutDnskey => CdsWithoutDnskey;

    protected override MessageTag Delete => DeleteCds;

    protected override MessageTag DnskeyNotSigned => DnskeyNotSignedByCds;

    protected override MessageTag MixedDelete => MixedDeleteCds;
}
