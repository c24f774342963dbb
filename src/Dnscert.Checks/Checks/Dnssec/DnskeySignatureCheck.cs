using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Dnssec;

/// <summary>DNSSEC08: is the DNSKEY RRset signed, on every server, by a key of the set itself, validly and in time?</summary>
public sealed class DnskeySignatureCheck : RrsetSignatureCheck
{
    public static readonly MessageTag AlgoNotSupported = new("DS08_ALGO_NOT_SUPPORTED_BY_ZM", Severity.Notice, null,
        "The DNSKEY RRset is signed by key {keytag} with algorithm {algo_num} ({algo_mnemo}), which dnscert cannot verify; servers: {ns_ip_list}.");
    public static readonly MessageTag Expired = new("DS08_DNSKEY_RRSIG_EXPIRED", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the DNSKEY RRset expired at {date}; servers: {ns_ip_list}.", "Re-sign the DNSKEY RRset and check that automatic re-signing runs.");
    public static readonly MessageTag NotYetValid = new("DS08_DNSKEY_RRSIG_NOT_YET_VALID", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the DNSKEY RRset only becomes valid at {date}; servers: {ns_ip_list}.", "Check the signer's clock; validators reject signatures from the future.");
    public static readonly MessageTag Missing = new("DS08_MISSING_RRSIG_IN_RESPONSE", Severity.Error, ThreatTypes.DnssecBogus,
        "The DNSKEY RRset comes without any RRSIG from these servers: {ns_ip_list}.", "Serve the signed zone; an unsigned DNSKEY RRset cannot be validated.");
    public static readonly MessageTag NoMatching = new("DS08_NO_MATCHING_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "An RRSIG over the DNSKEY RRset names key {keytag}, which is not in the DNSKEY RRset; servers: {ns_ip_list}.", "Publish the signing key or sign with a published key.");
    public static readonly MessageTag NotValid = new("DS08_RRSIG_NOT_VALID_BY_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the DNSKEY RRset does not verify ({reason}); servers: {ns_ip_list}.", "Re-sign the DNSKEY RRset with its key.");

    public override string Id => "DNSSEC08";

    public override IReadOnlyList<MessageTag> Tags { get; } = [AlgoNotSupported, Expired, NotYetValid, Missing, NoMatching, NotValid];

    protected override RRType Covered => RRType.DNSKEY;

    protected override MessageTag AlgorithmNotSupported => AlgoNotSupported;

    protected override MessageTag RrsigExpired => Expired;

    protected override MessageTag RrsigNotYetValid => NotYetValid;

    protected override MessageTag MissingRrsig => Missing;

    protected override MessageTag NoMatchingKey => NoMatching;

    protected override MessageTag NotValidByKey => NotValid;

    protected override DnsExchangeOutcome? Probe(ServerFacts server) => server?.Dnskey;
}
