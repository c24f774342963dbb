using System.Text;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns;
using Dnscert.Dns.Dnssec;
using Dnscert.Dns.Records;
using Dnscert.Dns.Transport;
using Dnscert.Dns.Wire;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC10: does the zone deny existence with signed NSEC or NSEC3, the same way on every server? As the
/// specification asks: the NSEC query at the apex (an NSEC zone answers it; an NSEC3 zone proves NODATA with the
/// apex NSEC3) and the NSEC3PARAM query (the mirror image). dnscert adds the proof that matters to a resolver:
/// the NXDOMAIN answer for a name that cannot exist must carry a complete, validly signed NSEC or NSEC3 proof.
/// </summary>
public sealed class DenialOfExistenceCheck : CheckBase
{
    private const string Servers = "servers: {ns_ip_list}.";

    public static readonly MessageTag AlgoNotSupported = new("DS10_ALGO_NOT_SUPPORTED_BY_ZM", Severity.Notice, null,
        "A denial record is signed by key {keytag} with algorithm {algo_num} ({algo_mnemo}), which dnscert cannot verify; " + Servers);
    public static readonly MessageTag MultipleNsec = new("DS10_ERR_MULT_NSEC", Severity.Error, ThreatTypes.ProtocolViolation,
        "The NODATA answer for NSEC3PARAM at the apex holds several NSEC records where one is expected; " + Servers, "Check the signer and the server software.");
    public static readonly MessageTag MultipleNsec3 = new("DS10_ERR_MULT_NSEC3", Severity.Error, ThreatTypes.ProtocolViolation,
        "The NODATA answer for NSEC at the apex holds several NSEC3 records where one is expected; " + Servers, "Check the signer and the server software.");
    public static readonly MessageTag ExpectedMissing = new("DS10_EXPECTED_NSEC_NSEC3_MISSING", Severity.Error, ThreatTypes.DnssecBogus,
        "These servers serve DNSKEY but their NODATA answer carries neither the expected NSEC nor NSEC3: " + "{ns_ip_list}.", "Serve the signed zone with its denial chain.");
    public static readonly MessageTag HasNsec = new("DS10_HAS_NSEC", Severity.Info, null, "The zone uses NSEC; " + Servers);
    public static readonly MessageTag HasNsec3 = new("DS10_HAS_NSEC3", Severity.Info, null, "The zone uses NSEC3; " + Servers);
    public static readonly MessageTag InconsistentNsec = new("DS10_INCONSISTENT_NSEC", Severity.Error, ThreatTypes.InconsistentZone,
        "These servers give only half of the NSEC picture (an apex NSEC, or an NSEC NODATA proof, not both): {ns_ip_list}.", "Serve the same signed zone from every server.");
    public static readonly MessageTag InconsistentNsec3 = new("DS10_INCONSISTENT_NSEC3", Severity.Error, ThreatTypes.InconsistentZone,
        "These servers give only half of the NSEC3 picture (NSEC3PARAM, or an NSEC3 NODATA proof, not both): {ns_ip_list}.", "Serve the same signed zone from every server.");
    public static readonly MessageTag InconsistentNsecNsec3 = new("DS10_INCONSISTENT_NSEC_NSEC3", Severity.Error, ThreatTypes.InconsistentZone,
        "Some servers deny with NSEC ({ns_ip_list_nsec}), others with NSEC3 ({ns_ip_list_nsec3}).", "Serve the same signed zone from every server.");
    public static readonly MessageTag MissingNsecNsec3 = new("DS10_MISSING_NSEC_NSEC3", Severity.Error, ThreatTypes.DnssecBogus,
        "The zone is signed but no server shows NSEC or NSEC3: denial of existence cannot be validated.", "Sign the zone with NSEC or NSEC3.");
    public static readonly MessageTag Mixed = new("DS10_MIXED_NSEC_NSEC3", Severity.Error, ThreatTypes.ProtocolViolation,
        "These servers show both NSEC and NSEC3 for the zone: {ns_ip_list}.", "A zone uses one of NSEC and NSEC3, never both.");
    public static readonly MessageTag NoDnssecSupport = new("DS10_NO_DNSSEC_SUPPORT", Severity.Notice, null,
        "No server serves DNSKEY for the zone, so NSEC and NSEC3 were not tested: {ns_list}.");
    public static readonly MessageTag ServerNoDnssec = new("DS10_SERVER_NO_DNSSEC_SUPPORT", Severity.Error, ThreatTypes.InconsistentZone,
        "These servers serve no DNSKEY while others do, so NSEC and NSEC3 were not tested on them: {ns_list}.", "Serve the signed zone from every server.");
    public static readonly MessageTag Nsec3ParamResponseError = new("DS10_NSEC3PARAM_QUERY_RESPONSE_ERR", Severity.Error, ThreatTypes.ProtocolViolation,
        "No authoritative NOERROR answer to NSEC3PARAM at the apex; " + Servers, "The apex exists: NSEC3PARAM must be answered, with data or NODATA.");
    public static readonly MessageTag Nsec3ParamErrAnswer = new("DS10_NSEC3PARAM_GIVES_ERR_ANSWER", Severity.Error, ThreatTypes.ProtocolViolation,
        "The answer to NSEC3PARAM at the apex holds other records than NSEC3PARAM; " + Servers, "Check the server software.");
    public static readonly MessageTag Nsec3ErrTypeList = new("DS10_NSEC3_ERR_TYPE_LIST", Severity.Error, ThreatTypes.ProtocolViolation,
        "The apex NSEC3 lacks SOA, NS, DNSKEY, NSEC3PARAM or RRSIG, or lists NSEC or NSEC3; " + Servers, "Re-sign the zone.");
    public static readonly MessageTag Nsec3MismatchesApex = new("DS10_NSEC3_MISMATCHES_APEX", Severity.Error, ThreatTypes.ProtocolViolation,
        "The NSEC3 in the NODATA answer for NSEC at the apex is not the apex's hash; " + Servers, "Re-sign the zone.");
    public static readonly MessageTag Nsec3MissingSignature = new("DS10_NSEC3_MISSING_SIGNATURE", Severity.Error, ThreatTypes.DnssecBogus,
        "The NSEC3 record comes without RRSIG; " + Servers, "Re-sign the zone; unsigned denial cannot be validated.");
    public static readonly MessageTag Nsec3NodataMissingSoa = new("DS10_NSEC3_NODATA_MISSING_SOA", Severity.Error, ThreatTypes.ProtocolViolation,
        "The NSEC3 NODATA answer has no SOA in the authority section; " + Servers, "Check the server software.");
    public static readonly MessageTag Nsec3NodataWrongSoa = new("DS10_NSEC3_NODATA_WRONG_SOA", Severity.Error, ThreatTypes.ProtocolViolation,
        "The NSEC3 NODATA answer carries an SOA of another owner than the zone; " + Servers, "Check the server software.");
    public static readonly MessageTag Nsec3RrsigError = new("DS10_NSEC3_RRSIG_VERIFY_ERROR", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the NSEC3 record does not verify ({reason}); " + Servers, "Re-sign the zone.");
    public static readonly MessageTag NsecErrTypeList = new("DS10_NSEC_ERR_TYPE_LIST", Severity.Error, ThreatTypes.ProtocolViolation,
        "The apex NSEC lacks SOA, NS, DNSKEY, NSEC or RRSIG, or lists NSEC3PARAM or NSEC3; " + Servers, "Re-sign the zone.");
    public static readonly MessageTag NsecMismatchesApex = new("DS10_NSEC_MISMATCHES_APEX", Severity.Error, ThreatTypes.ProtocolViolation,
        "The NSEC in the NODATA answer for NSEC3PARAM at the apex is not owned by the apex; " + Servers, "Re-sign the zone.");
    public static readonly MessageTag NsecMissingSignature = new("DS10_NSEC_MISSING_SIGNATURE", Severity.Error, ThreatTypes.DnssecBogus,
        "The NSEC record comes without RRSIG; " + Servers, "Re-sign the zone; unsigned denial cannot be validated.");
    public static readonly MessageTag NsecNodataMissingSoa = new("DS10_NSEC_NODATA_MISSING_SOA", Severity.Error, ThreatTypes.ProtocolViolation,
        "The NSEC NODATA answer has no SOA in the authority section; " + Servers, "Check the server software.");
    public static readonly MessageTag NsecNodataWrongSoa = new("DS10_NSEC_NODATA_WRONG_SOA", Severity.Error, ThreatTypes.ProtocolViolation,
        "The NSEC NODATA answer carries an SOA of another owner than the zone; " + Servers, "Check the server software.");
    public static readonly MessageTag NsecErrAnswer = new("DS10_NSEC_GIVES_ERR_ANSWER", Severity.Error, ThreatTypes.ProtocolViolation,
        "The answer to NSEC at the apex holds other records than NSEC; " + Servers, "Check the server software.");
    public static readonly MessageTag NsecResponseError = new("DS10_NSEC_QUERY_RESPONSE_ERROR", Severity.Error, ThreatTypes.ProtocolViolation,
        "No authoritative NOERROR answer to NSEC at the apex; " + Servers, "The apex exists: NSEC must be answered, with data or NODATA.");
    public static readonly MessageTag NsecRrsigError = new("DS10_NSEC_RRSIG_VERIFY_ERROR", Severity.Error, ThreatTypes.DnssecBogus,
        "The RRSIG by key {keytag} over the NSEC record does not verify ({reason}); " + Servers, "Re-sign the zone.");
    public static readonly MessageTag NxdomainProven = new("DS10_NXDOMAIN_PROVEN", Severity.Info, null,
        "The NXDOMAIN answer for {name} carries a complete, validly signed {kind} proof; " + Servers);
    public static readonly MessageTag NxdomainNotProven = new("DS10_NXDOMAIN_NOT_PROVEN", Severity.Error, ThreatTypes.DnssecBogus,
        "The answer for the non-existent name {name} does not prove its absence ({reason}); " + Servers,
        "Validating resolvers answer SERVFAIL instead of NXDOMAIN; re-sign the zone and check the denial chain.");

    public override string Id => "DNSSEC10";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } =
    [
        AlgoNotSupported, MultipleNsec, MultipleNsec3, ExpectedMissing, HasNsec, HasNsec3, InconsistentNsec, InconsistentNsec3, InconsistentNsecNsec3,
        MissingNsecNsec3, Mixed, NoDnssecSupport, ServerNoDnssec, Nsec3ParamResponseError, Nsec3ParamErrAnswer, Nsec3ErrTypeList, Nsec3MismatchesApex,
        Nsec3MissingSignature, Nsec3NodataMissingSoa, Nsec3NodataWrongSoa, Nsec3RrsigError, NsecErrTypeList, NsecMismatchesApex, NsecMissingSignature,
        NsecNodataMissingSoa, NsecNodataWrongSoa, NsecErrAnswer, NsecResponseError, NsecRrsigError, NxdomainProven, NxdomainNotProven,
    ];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var zone = facts.Zone;
        var withKeys = DnssecServers.WithKeys(facts).ToList();
        var withoutKeys = facts.Servers.Where(s => DnssecServers.Usable(s.Dnskey) is { } m && DnssecServers.Records<DnskeyRecordData>(m.Answers, RRType.DNSKEY, zone).Count == 0).ToList();
        if (withKeys.Count == 0)
        {
            if (withoutKeys.Count > 0)
            {
                yield return Emit(NoDnssecSupport, null, ("ns_list", DnssecServers.List(withoutKeys)));
            }

            yield break;
        }

        using var cache = new DnssecKeyCache();
        var verifier = new RrsigVerifier(cache);
        var sets = new Dictionary<MessageTag, List<ServerFacts>>();
        var rrsigErrors = new List<(MessageTag Tag, ServerFacts Server, ushort KeyTag, string Reason, DnsExchangeOutcome? Outcome)>();
        var unsupported = new List<(ServerFacts Server, ushort KeyTag, byte Algorithm)>();
        var (nsecInAnswer, nsec3Nodata, nsec3ParamInAnswer, nsecNodata) = (new List<ServerFacts>(), new List<ServerFacts>(), new List<ServerFacts>(), new List<ServerFacts>());
        void Add(MessageTag tag, ServerFacts s) => (sets.TryGetValue(tag, out var list) ? list : sets[tag] = []).Add(s);

        foreach (var (server, _, keys) in withKeys)
        {
            // The NSEC query: an NSEC zone answers it; an NSEC3 zone proves NODATA with the apex NSEC3.
            var nsecOutcome = server.DnssecProbes?.Nsec;
            if (DnssecServers.Usable(nsecOutcome) is not { } nsecAnswer)
            {
                Add(NsecResponseError, server);
            }
            else if (nsecAnswer.Answers.Length > 0)
            {
                if (MessageReading.Count(nsecAnswer.Answers, RRType.NSEC) > 0)
                {
                    nsecInAnswer.Add(server);
                }
                else
                {
                    Add(NsecErrAnswer, server);
                }
            }
            else if (Nsec3Denial.Collect(nsecAnswer.Authority) is not { Count: > 0 } nsec3s)
            {
                Add(ExpectedMissing, server);
            }
            else
            {
                nsec3Nodata.Add(server);
                CheckNodataSoa(nsecAnswer, zone, server, Nsec3NodataMissingSoa, Nsec3NodataWrongSoa, Add);
                if (nsec3s.Count > 1)
                {
                    Add(MultipleNsec3, server);
                }
                else
                {
                    var (owner, data) = nsec3s[0];
                    if (!Nsec3Hash.IsSupported(data.HashAlgorithm) || owner != zone.Prepend(Encoding.ASCII.GetBytes(Nsec3Hash.ComputeLabel(zone, data.Iterations, data.Salt.Span))))
                    {
                        Add(Nsec3MismatchesApex, server);
                    }
                    else if (!HasAll(data.Types, [RRType.SOA, RRType.NS, RRType.DNSKEY, RRType.NSEC3PARAM, RRType.RRSIG]) || data.Types.Contains(RRType.NSEC) || data.Types.Contains(RRType.NSEC3))
                    {
                        Add(Nsec3ErrTypeList, server);
                    }

                    VerifyDenial(verifier, nsecAnswer, owner, RRType.NSEC3, keys, facts, server, nsecOutcome, Nsec3MissingSignature, Nsec3RrsigError, Add, rrsigErrors, unsupported);
                }
            }

            // The NSEC3PARAM query: an NSEC3 zone answers it; an NSEC zone proves NODATA with the apex NSEC.
            var paramOutcome = server.Nsec3Param;
            if (DnssecServers.Usable(paramOutcome) is not { } paramAnswer)
            {
                Add(Nsec3ParamResponseError, server);
            }
            else if (paramAnswer.Answers.Length > 0)
            {
                if (MessageReading.Count(paramAnswer.Answers, RRType.NSEC3PARAM) > 0)
                {
                    nsec3ParamInAnswer.Add(server);
                }
                else
                {
                    Add(Nsec3ParamErrAnswer, server);
                }
            }
            else if (NsecDenial.Collect(paramAnswer.Authority) is not { Count: > 0 } nsecs)
            {
                Add(ExpectedMissing, server);
            }
            else
            {
                nsecNodata.Add(server);
                CheckNodataSoa(paramAnswer, zone, server, NsecNodataMissingSoa, NsecNodataWrongSoa, Add);
                if (nsecs.Count > 1)
                {
                    Add(MultipleNsec, server);
                }
                else
                {
                    var (owner, data) = nsecs[0];
                    if (owner != zone)
                    {
                        Add(NsecMismatchesApex, server);
                    }
                    else if (!HasAll(data.Types, [RRType.SOA, RRType.NS, RRType.DNSKEY, RRType.NSEC, RRType.RRSIG]) || data.Types.Contains(RRType.NSEC3PARAM) || data.Types.Contains(RRType.NSEC3))
                    {
                        Add(NsecErrTypeList, server);
                    }

                    VerifyDenial(verifier, paramAnswer, owner, RRType.NSEC, keys, facts, server, paramOutcome, NsecMissingSignature, NsecRrsigError, Add, rrsigErrors, unsupported);
                }
            }
        }

        var nsecSide = nsecInAnswer.Union(nsecNodata).ToList();
        var nsec3Side = nsec3ParamInAnswer.Union(nsec3Nodata).ToList();
        foreach (var tag in new[] { MultipleNsec, MultipleNsec3 })
        {
            foreach (var m in ForSet(tag))
            {
                yield return m;
            }
        }

        var inconsistentNsec = nsecInAnswer.Except(nsecNodata).Union(nsecNodata.Except(nsecInAnswer)).Except(nsec3Side).ToList();
        if (inconsistentNsec.Count > 0)
        {
            yield return Emit(InconsistentNsec, DnssecServers.Evidence(inconsistentNsec, s => s.Nsec3Param), ("ns_ip_list", DnssecServers.List(inconsistentNsec)));
        }

        var inconsistentNsec3 = nsec3ParamInAnswer.Except(nsec3Nodata).Union(nsec3Nodata.Except(nsec3ParamInAnswer)).Except(nsecSide).ToList();
        if (inconsistentNsec3.Count > 0)
        {
            yield return Emit(InconsistentNsec3, DnssecServers.Evidence(inconsistentNsec3, s => s.DnssecProbes?.Nsec), ("ns_ip_list", DnssecServers.List(inconsistentNsec3)));
        }

        var mixed = nsec3Side.Intersect(nsecSide).ToList();
        if (mixed.Count > 0)
        {
            yield return Emit(Mixed, DnssecServers.Evidence(mixed, s => s.Nsec3Param), ("ns_ip_list", DnssecServers.List(mixed)));
        }

        if (nsecSide.Count > 0 && nsec3Side.Count == 0)
        {
            yield return Emit(HasNsec, null, ("ns_ip_list", DnssecServers.List(nsecSide)));
        }

        if (nsec3Side.Count > 0 && nsecSide.Count == 0)
        {
            yield return Emit(HasNsec3, null, ("ns_ip_list", DnssecServers.List(nsec3Side)));
        }

        if (nsecSide.Count > 0 && nsec3Side.Count > 0)
        {
            yield return Emit(InconsistentNsecNsec3, DnssecServers.Evidence(nsecSide.Concat(nsec3Side), s => s.Nsec3Param),
                ("ns_ip_list_nsec", DnssecServers.List(nsecSide)), ("ns_ip_list_nsec3", DnssecServers.List(nsec3Side)));
        }

        if (nsecSide.Count == 0 && nsec3Side.Count == 0)
        {
            yield return Emit(MissingNsecNsec3, DnssecServers.Evidence(withKeys.Select(w => w.Server), s => s.Nsec3Param));
        }

        foreach (var tag in new[]
        {
            NsecErrTypeList, NsecMismatchesApex, NsecNodataWrongSoa, NsecNodataMissingSoa, NsecErrAnswer, NsecResponseError, Nsec3ErrTypeList, Nsec3MismatchesApex,
            Nsec3NodataWrongSoa, Nsec3NodataMissingSoa, Nsec3ParamErrAnswer, Nsec3ParamResponseError, NsecMissingSignature, Nsec3MissingSignature,
        })
        {
            foreach (var m in ForSet(tag))
            {
                yield return m;
            }
        }

        foreach (var group in rrsigErrors.GroupBy(e => (e.Tag, e.KeyTag)).OrderBy(g => g.Key.Tag.Name).ThenBy(g => g.Key.KeyTag))
        {
            yield return Emit(group.Key.Tag, group.Select(e => e.Server.EvidenceOf(e.Outcome)), ("keytag", group.Key.KeyTag), ("reason", group.First().Reason),
                ("ns_ip_list", DnssecServers.List(group.Select(e => e.Server))));
        }

        foreach (var group in unsupported.GroupBy(u => (u.KeyTag, u.Algorithm)))
        {
            yield return Emit(AlgoNotSupported, null, ("keytag", group.Key.KeyTag), ("algo_num", group.Key.Algorithm), ("algo_mnemo", DnssecAlgorithms.Name(group.Key.Algorithm)),
                ("ns_ip_list", DnssecServers.List(group.Select(u => u.Server))));
        }

        if (withoutKeys.Count > 0)
        {
            yield return Emit(ServerNoDnssec, DnssecServers.Evidence(withoutKeys, s => s.Dnskey), ("ns_list", DnssecServers.List(withoutKeys)));
        }

        var expected = ForSet(ExpectedMissing).ToList();
        foreach (var m in expected)
        {
            yield return m;
        }

        foreach (var m in NxdomainProofs(verifier, facts, withKeys))
        {
            yield return m;
        }

        IEnumerable<CheckMessage> ForSet(MessageTag tag)
        {
            if (sets.TryGetValue(tag, out var servers) && servers.Count > 0)
            {
                // Which query showed the finding: the NSEC3PARAM one (and its NSEC NODATA proof) or the NSEC one.
                var fromParamQuery = tag == Nsec3ParamResponseError || tag == Nsec3ParamErrAnswer || tag == MultipleNsec || tag == NsecNodataMissingSoa
                    || tag == NsecNodataWrongSoa || tag == NsecMismatchesApex || tag == NsecErrTypeList || tag == NsecMissingSignature;
                Func<ServerFacts, DnsExchangeOutcome?> probe = fromParamQuery ? s => s.Nsec3Param : s => s.DnssecProbes?.Nsec;
                var evidence = tag == ExpectedMissing
                    ? DnssecServers.Evidence(servers, s => s.DnssecProbes?.Nsec).Concat(DnssecServers.Evidence(servers, s => s.Nsec3Param)).ToList()
                    : DnssecServers.Evidence(servers, probe);
                yield return Emit(tag, evidence, ("ns_ip_list", DnssecServers.List(servers)));
            }
        }
    }

    /// <summary>
    /// dnscert's addition: the NXDOMAIN answer for a name that cannot exist must prove it with NSEC or NSEC3 records
    /// that each verify with the server's keys. A NOERROR answer (a wildcard) is not judged here.
    /// </summary>
    private IEnumerable<CheckMessage> NxdomainProofs(RrsigVerifier verifier, ZoneFacts facts, List<(ServerFacts Server, DnsMessage KeyAnswer, IReadOnlyList<DnskeyRecordData> Keys)> withKeys)
    {
        var proven = new List<(ServerFacts Server, string Kind, DomainName Name)>();
        var failed = new List<(ServerFacts Server, string Reason, DomainName Name)>();
        foreach (var (server, _, keys) in withKeys)
        {
            if (server.DnssecProbes is not { NonExistentName: { } name, NonExistent: var outcome }
                || outcome.Answered() is not { } m || !m.IsAuthoritative() || m.ResponseCode != DnsResponseCode.NXDomain)
            {
                continue;
            }

            var nsecs = NsecDenial.Collect(m.Authority);
            var nsec3s = Nsec3Denial.Collect(m.Authority);
            var (proof, type, owners) = nsecs.Count > 0
                ? (NsecDenial.ProveNameError(name, nsecs), RRType.NSEC, nsecs.Select(n => n.Owner).Distinct().ToList())
                : nsec3s.Count > 0
                    ? (Nsec3Denial.ProveNameError(name, facts.Zone, nsec3s), RRType.NSEC3, nsec3s.Select(n => n.Owner).Distinct().ToList())
                    : (new DenialResult(DenialStatus.NoRecords, "the answer carries no NSEC or NSEC3 record"), RRType.NSEC, []);
            if (!proof.IsProven)
            {
                failed.Add((server, proof.ToString(), name));
                continue;
            }

            var bad = owners.Select(o => (Owner: o, Result: RrsigCheck.VerifyAny(verifier, Rrset.FromSection(m.Authority, o, type)!, Rrset.SignaturesFrom(m.Authority, o, type), keys, facts.Zone, facts.CheckedAt)))
                .FirstOrDefault(r => !r.Result.Valid);
            if (bad.Result.Reason is { } reason && !bad.Result.Valid)
            {
                failed.Add((server, $"the {DnsMnemonics.ToText(type)} at {bad.Owner} is not validly signed: {reason}", name));
            }
            else
            {
                proven.Add((server, DnsMnemonics.ToText(type) + (proof.OptOut ? " (opt-out)" : ""), name));
            }
        }

        foreach (var group in failed.GroupBy(f => f.Reason))
        {
            yield return Emit(NxdomainNotProven, group.Select(f => f.Server.EvidenceOf(f.Server.DnssecProbes?.NonExistent)),
                ("name", group.First().Name), ("reason", group.Key), ("ns_ip_list", DnssecServers.List(group.Select(f => f.Server))));
        }

        foreach (var group in proven.GroupBy(p => p.Kind))
        {
            yield return Emit(NxdomainProven, null, ("name", group.First().Name), ("kind", group.Key), ("ns_ip_list", DnssecServers.List(group.Select(p => p.Server))));
        }
    }

    private static bool HasAll(IReadOnlyList<RRType> types, RRType[] required) => required.All(types.Contains);

    private static void CheckNodataSoa(DnsMessage answer, DomainName zone, ServerFacts server, MessageTag missing, MessageTag wrong, Action<MessageTag, ServerFacts> add)
    {
        var soaOwners = new List<DomainName>();
        foreach (var r in answer.Authority)
        {
            if (r.Type == RRType.SOA)
            {
                soaOwners.Add(r.Owner);
            }
        }

        if (soaOwners.Count == 0)
        {
            add(missing, server);
        }
        else if (soaOwners.Any(o => o != zone))
        {
            add(wrong, server);
        }
    }

    private static void VerifyDenial(
        RrsigVerifier verifier, DnsMessage answer, DomainName owner, RRType type, IReadOnlyList<DnskeyRecordData> keys, ZoneFacts facts, ServerFacts server, DnsExchangeOutcome? outcome,
        MessageTag missingSignature, MessageTag verifyError, Action<MessageTag, ServerFacts> add,
        List<(MessageTag Tag, ServerFacts Server, ushort KeyTag, string Reason, DnsExchangeOutcome? Outcome)> errors, List<(ServerFacts Server, ushort KeyTag, byte Algorithm)> unsupported)
    {
        var rrset = Rrset.FromSection(answer.Authority, owner, type)!;
        var sigs = Rrset.SignaturesFrom(answer.Authority, owner, type);
        if (sigs.Count == 0)
        {
            add(missingSignature, server);
            return;
        }

        foreach (var sig in sigs)
        {
            if (!DnssecAlgorithms.IsImplemented(sig.Algorithm) || !DnssecAlgorithms.IsSupportedByPlatform(sig.Algorithm))
            {
                unsupported.Add((server, sig.KeyTag, sig.Algorithm));
                continue;
            }

            var result = RrsigCheck.Verify(verifier, rrset, sig, keys, facts.Zone, facts.CheckedAt);
            if (result is not { IsValid: true })
            {
                errors.Add((verifyError, server, sig.KeyTag, result is null ? $"no DNSKEY with key tag {sig.KeyTag}" : RrsigCheck.Describe(result), outcome));
            }
        }
    }
}
