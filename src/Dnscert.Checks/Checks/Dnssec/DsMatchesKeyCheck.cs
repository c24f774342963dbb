using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;
using Dnscert.Dns.Dnssec;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC02: does each DS at the parent name a DNSKEY the zone serves, with the right digest, and does that
/// key sign the DNSKEY RRset? This is the link the chain of trust hangs on.
/// </summary>
public sealed class DsMatchesKeyCheck : CheckBase
{
    public static readonly MessageTag NoDnskeyForDs = new("DS02_NO_DNSKEY_FOR_DS", Severity.Error, ThreatTypes.DnssecBogus,
        "The DS with key tag {keytag} (algorithm {algorithm}) matches no DNSKEY of {domain}.", "Publish the key the DS names again, or replace the DS at the registry.");
    public static readonly MessageTag NoMatch = new("DS02_NO_MATCH_DS_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "The DS with key tag {keytag} has a digest that does not match the DNSKEY with that tag ({reason}).", "Recompute the DS from the published KSK and replace it at the registry.");
    public static readonly MessageTag NotSep = new("DS02_DNSKEY_NOT_SEP", Severity.Notice, ThreatTypes.DnssecWeak,
        "The DS with key tag {keytag} points to a DNSKEY without the SEP flag.", "Point the DS at a key with flags 257 (KSK).");
    public static readonly MessageTag NotSignedByDsKey = new("DS02_RRSIG_NOT_VALID_BY_DNSKEY", Severity.Error, ThreatTypes.DnssecBogus,
        "The DNSKEY RRset has no valid signature by the key with tag {keytag} that the DS names ({reason}).", "Sign the DNSKEY RRset with the key the DS names.");
    public static readonly MessageTag NoValidKeyForAnyDs = new("DS02_NO_VALID_DNSKEY_FOR_ANY_DS", Severity.Error, ThreatTypes.DnssecBogus,
        "No DS of {domain} leads to a key that validly signs the DNSKEY RRset: the chain of trust is broken.", "Validating resolvers will answer SERVFAIL for the whole zone until the DS or the keys are fixed.");
    public static readonly MessageTag ChainOk = new("DS02_DS_MATCHES_SIGNING_KEY", Severity.Info, null, "The DS with key tag {keytag} matches a DNSKEY that signs the DNSKEY RRset.");

    public override string Id => "DNSSEC02";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } = [NoDnskeyForDs, NoMatch, NotSep, NotSignedByDsKey, NoValidKeyForAnyDs, ChainOk];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var views = DnssecView.PerServer(facts).ToList();
        if (facts.ParentDs.Count == 0 || views.Count == 0)
        {
            return [];
        }

        // As Zonemaster does, every server's DNSKEY answer is judged: one server with expired or bad signatures is
        // found even when another one is fine. The same finding on several servers is one message with each
        // server's exchange as evidence.
        using var cache = new DnssecKeyCache();
        var verifier = new RrsigVerifier(cache);
        var merged = new List<(MessageTag Tag, (string Name, object Value)[] Arguments, List<Evidence> Evidence)>();
        foreach (var view in views)
        {
            var evidence = facts.ParentDsEvidence.Concat(view.Evidence).ToList();
            foreach (var (tag, arguments) in Judge(facts, view, verifier))
            {
                var key = string.Join('|', arguments.Select(a => $"{a.Name}={a.Value}"));
                var index = merged.FindIndex(m => m.Tag == tag && string.Join('|', m.Arguments.Select(a => $"{a.Name}={a.Value}")) == key);
                if (index < 0)
                {
                    merged.Add((tag, arguments, tag.Severity >= Severity.Warning ? evidence : []));
                }
                else if (tag.Severity >= Severity.Warning)
                {
                    merged[index].Evidence.AddRange(evidence.Where(e => !merged[index].Evidence.Contains(e)));
                }
            }
        }

        return [.. merged.Select(m => Emit(m.Tag, m.Evidence.Count > 0 ? m.Evidence : null, m.Arguments))];
    }

    private static IEnumerable<(MessageTag Tag, (string Name, object Value)[] Arguments)> Judge(ZoneFacts facts, DnssecView view, RrsigVerifier verifier)
    {
        if (view.DnskeyRrset is not { } rrset)
        {
            yield break;
        }

        var anyValid = false;
        foreach (var ds in facts.ParentDs)
        {
            var candidates = view.Keys.Where(k => k.KeyTag == ds.KeyTag && k.Algorithm == ds.Algorithm).ToList();
            if (candidates.Count == 0)
            {
                yield return (NoDnskeyForDs, [("keytag", ds.KeyTag), ("algorithm", ds.Algorithm), ("domain", facts.Zone)]);
                continue;
            }

            var key = candidates.FirstOrDefault(k => DsDigest.Match(ds, facts.Zone, k) == DsMatch.Match);
            if (key is null)
            {
                yield return (NoMatch, [("keytag", ds.KeyTag), ("reason", DsDigest.Match(ds, facts.Zone, candidates[0]).ToString())]);
                continue;
            }

            if (!key.IsSecureEntryPoint)
            {
                yield return (NotSep, [("keytag", ds.KeyTag)]);
            }

            var results = view.DnskeySignatures.Where(s => s.KeyTag == ds.KeyTag && s.Algorithm == ds.Algorithm)
                .Select(s => verifier.Verify(rrset, s, key, facts.Zone, facts.CheckedAt)).ToList();
            if (results.Any(r => r.Status == SignatureStatus.Valid))
            {
                anyValid = true;
                yield return (ChainOk, [("keytag", ds.KeyTag)]);
            }
            else
            {
                var reason = results.Count == 0 ? "no signature by that key" : string.Join(", ", results.Select(r => r.Status));
                yield return (NotSignedByDsKey, [("keytag", ds.KeyTag), ("reason", reason)]);
            }
        }

        if (!anyValid)
        {
            yield return (NoValidKeyForAnyDs, [("domain", facts.Zone)]);
        }
    }
}
