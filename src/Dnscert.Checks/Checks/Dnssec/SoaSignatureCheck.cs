using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Dnssec;

/// <summary>DNSSEC09: is the SOA RRset signed, on every server, by a key of the DNSKEY RRset, validly and in time?</summary>
public sealed class SoaSignatureCheck : RrsetSignatureCheck
{
    public static readonly MessageTag AlgoNotSupported = new("DS09_ALGO_NOT_SUPPORTED_BY_ZM", Severity.Notice, null,
        "The SOA RRset is signed by key {keytag} with algorithm {algo_num} ({algo_mnemo}), which dnscert cannot verify; servers: {ns_ip_list}.");
    public static readonly MessageTag Expired = new("DS09_SOA_RRSIG_EXPIRED", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the SOA RRset expired at {date}; servers: {ns_ip_list}.", "Re-sign the zone and check that automatic re-signing runs.");
    public static readonly MessageTag NotYetValid = new("DS09_SOA_RRSIG_NOT_YET_VALID", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the SOA RRset only becomes valid at {date}; servers: {ns_ip_list}.", "Check the signer's clock; validators reject signatures from the future.");
    public static readonly MessageTag Missing = new("DS09_MISSING_RRSIG_IN_RESPONSE", Severity.Error, ThreatTypes.DnssecBogus,
        "The SOA RRset comes without any RRSIG from these servers: {ns_ip_list}.", "Serve the signed zone; validators reject an unsigned SOA in a signed zone.");
    public static readonly MessageTag NoMatching = new("DS09_NO_MATCHING_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "An RRSIG over the SOA RRset names key {keytag}, which is not in the DNSKEY RRset; servers: {ns_ip_list}.", "Publish the signing key or sign with a published key.");
    public static readonly MessageTag NotValid = new("DS09_RRSIG_NOT_VALID_BY_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the SOA RRset does not verify ({reason}); servers: {ns_ip_list}.", "Re-sign the SOA RRset with a published key.");

    public override string Id => "DNSSEC09";

    public override IReadOnlyList<MessageTag> Tags { get; } = [AlgoNotSupported, Expired, NotYetValid, Missing, NoMatching, NotValid];

    protected override RRType Covered => RRType.SOA;

    protected override MessageTag AlgorithmNotSupported => AlgoNotSupported;

    protected override MessageTag RrsigExpired => Expired;

    protected override MessageTag RrsigNotYetValid => NotYetValid;

    protected override MessageTag MissingRrsig => Missing;

    protected override MessageTag NoMatchingKey => NoMatching;

    protected override MessageTag NotValidByKey => NotValid;

    protected override DnsExchangeOutcome? Probe(ServerFacts server) => server?.SignedSoa;
}
