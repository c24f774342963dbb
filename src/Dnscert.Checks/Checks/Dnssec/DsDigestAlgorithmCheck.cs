using System.Globalization;
using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;
using Dnscert.Core;
using Dnscert.Core.Catalog;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// DNSSEC01: the digest type of every DS the parent publishes, judged against the IANA registry and RFC 8624
/// §3.3 (with RFC 9157's update), asked of every parent server address so one stale server shows up.
/// </summary>
public sealed class DsDigestAlgorithmCheck : CheckBase
{
    public static readonly MessageTag Algo2Missing = new("DS01_DS_ALGO_2_MISSING", Severity.Notice, ThreatTypes.DnssecWeak,
        "The DS with key tag {keytag} has no companion DS using digest type 2 (SHA-256), on parent servers {ns_ip_list}.",
        "Publish a SHA-256 (type 2) DS for every key: it is the digest every validator supports.");

    public static readonly MessageTag AlgoDeprecated = new("DS01_DS_ALGO_DEPRECATED", Severity.Error, ThreatTypes.DnssecWeak,
        "The DS with key tag {keytag} uses digest type {ds_algo_num} ({ds_algo_descr}), which must no longer be used, on parent servers {ns_ip_list}.",
        "Replace it with a SHA-256 (type 2) DS at the registry.");

    public static readonly MessageTag AlgoNotDs = new("DS01_DS_ALGO_NOT_DS", Severity.Error, ThreatTypes.DnssecBogus,
        "The DS with key tag {keytag} uses digest type {ds_algo_num} ({ds_algo_descr}), which is not meant for DS records, on parent servers {ns_ip_list}.",
        "Replace it with a SHA-256 (type 2) DS at the registry.");

    public static readonly MessageTag AlgoOk = new("DS01_DS_ALGO_OK", Severity.Info, null,
        "The DS with key tag {keytag} uses digest type {ds_algo_num} ({ds_algo_descr}), which is fine, on parent servers {ns_ip_list}.");

    public static readonly MessageTag AlgoPrivate = new("DS01_DS_ALGO_PRIVATE", Severity.Error, ThreatTypes.DnssecBogus,
        "The DS with key tag {keytag} uses digest type {ds_algo_num}, reserved for private use, on parent servers {ns_ip_list}.",
        "A public delegation needs a standard digest type; publish a SHA-256 (type 2) DS.");

    public static readonly MessageTag AlgoReserved = new("DS01_DS_ALGO_RESERVED", Severity.Error, ThreatTypes.DnssecBogus,
        "The DS with key tag {keytag} uses the reserved digest type {ds_algo_num}, on parent servers {ns_ip_list}.",
        "Validators ignore such a DS; publish a SHA-256 (type 2) DS.");

    public static readonly MessageTag AlgoUnassigned = new("DS01_DS_ALGO_UNASSIGNED", Severity.Error, ThreatTypes.DnssecBogus,
        "The DS with key tag {keytag} uses the unassigned digest type {ds_algo_num}, on parent servers {ns_ip_list}.",
        "Validators ignore such a DS; publish a SHA-256 (type 2) DS.");

    public static readonly MessageTag NoResponse = new("DS01_NO_RESPONSE", Severity.Warning, ThreatTypes.UnreachableNameServer,
        "No parent server gave a usable answer (NOERROR, AA, DO echoed) to the DS query: {ns_ip_list}.",
        "Check the parent's servers; the DS set could not be judged.");

    public static readonly MessageTag ParentServerNoDs = new("DS01_PARENT_SERVER_NO_DS", Severity.Error, ThreatTypes.DnssecBogus,
        "These parent servers publish no DS for the zone while other parent servers do: {ns_ip_list}.",
        "The parent's servers are out of sync; validators reaching these see the zone as unsigned (or bogus). Tell the registry.");

    public static readonly MessageTag ParentZoneNoDs = new("DS01_PARENT_ZONE_NO_DS", Severity.Notice, null,
        "The parent publishes no DS for the zone (asked of {ns_ip_list}).",
        "If the zone is signed, give its DS to the registry so validators can trust it.");

    public static readonly MessageTag RootNoUndelegatedDs = new("DS01_ROOT_N_NO_UNDEL_DS", Severity.Info, null,
        "The root zone has no parent and no DS was given with --ds: the DS digest types are not checked.");

    public static readonly MessageTag UndelegatedNoDs = new("DS01_UNDEL_N_NO_UNDEL_DS", Severity.Info, null,
        "The delegation was given by hand without --ds: the DS digest types are not checked.");

    public override string Id => "DNSSEC01";

    public override string Module => "DNSSEC";

    public override IReadOnlyList<MessageTag> Tags { get; } =
        [Algo2Missing, AlgoDeprecated, AlgoNotDs, AlgoOk, AlgoPrivate, AlgoReserved, AlgoUnassigned, NoResponse, ParentServerNoDs, ParentZoneNoDs, RootNoUndelegatedDs, UndelegatedNoDs];

    public override IEnumerable<CheckMessage> Evaluate(ZoneFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var seen = new List<(string Server, ushort KeyTag, byte Digest)>();
        var withDs = new List<ParentDsResponse>();
        var withoutDs = new List<ParentDsResponse>();
        var ignored = new List<ParentDsResponse>();
        if (facts.UndelegatedDs)
        {
            seen.AddRange(facts.ParentDs.Select(ds => ("-", ds.KeyTag, ds.DigestType)));
        }
        else if (!facts.Undelegated)
        {
            foreach (var response in facts.ParentDsResponses)
            {
                if (!response.IsValidDnssecResponse)
                {
                    ignored.Add(response);
                    continue;
                }

                var records = response.DsRecords(facts.Zone);
                (records.Count == 0 ? withoutDs : withDs).Add(response);
                seen.AddRange(records.Select(ds => (response.Server.Address.ToString(), ds.KeyTag, ds.DigestType)));
            }
        }

        foreach (var group in seen.Distinct().GroupBy(s => (s.KeyTag, s.Digest)).OrderBy(g => g.Key.KeyTag).ThenBy(g => g.Key.Digest))
        {
            var servers = ServerList(group.Select(g => g.Server));
            var (tag, description) = Classify(group.Key.Digest);
            var evidence = EvidenceFor(facts, group.Select(g => g.Server));
            yield return tag == AlgoOk || tag == AlgoDeprecated || tag == AlgoNotDs
                ? Emit(tag, evidence, ("ns_ip_list", servers), ("keytag", group.Key.KeyTag), ("ds_algo_num", group.Key.Digest), ("ds_algo_descr", description))
                : Emit(tag, evidence, ("ns_ip_list", servers), ("keytag", group.Key.KeyTag), ("ds_algo_num", group.Key.Digest));
        }

        var withSha256 = seen.Where(s => s.Digest == 2).Select(s => (s.Server, s.KeyTag)).ToHashSet();
        foreach (var missing in seen.Where(s => s.Digest != 2 && !withSha256.Contains((s.Server, s.KeyTag))).GroupBy(s => s.KeyTag).OrderBy(g => g.Key))
        {
            yield return Emit(Algo2Missing, EvidenceFor(facts, missing.Select(m => m.Server)),
                ("ns_ip_list", ServerList(missing.Select(m => m.Server))), ("keytag", missing.Key));
        }

        if (facts.ParentDsResponses.Count > 0 && withDs.Count == 0 && withoutDs.Count == 0)
        {
            yield return Emit(NoResponse, ignored.Select(r => EvidenceBuilder.From(r.Server, r.Outcome)), ("ns_ip_list", ServerList(ignored.Select(r => r.Server.Address.ToString()))));
        }

        if (withoutDs.Count > 0)
        {
            yield return Emit(withDs.Count == 0 ? ParentZoneNoDs : ParentServerNoDs, withoutDs.Select(r => EvidenceBuilder.From(r.Server, r.Outcome)),
                ("ns_ip_list", ServerList(withoutDs.Select(r => r.Server.Address.ToString()))));
        }

        if (facts.Zone.IsRoot && !facts.UndelegatedDs)
        {
            yield return Emit(RootNoUndelegatedDs);
        }

        if (facts.Undelegated && !facts.UndelegatedDs)
        {
            yield return Emit(UndelegatedNoDs);
        }
    }

    /// <summary>The IANA "DS RR Type Digest Algorithms" registry, as RFC 8624 §3.3 and RFC 9157 classify it.</summary>
    public static (MessageTag Tag, string Description) Classify(byte digestType) => digestType switch
    {
        0 => (AlgoNotDs, "Reserved"),
        1 => (AlgoDeprecated, "SHA-1"),
        2 => (AlgoOk, "SHA-256"),
        3 => (AlgoDeprecated, "GOST R 34.11-94"),
        4 => (AlgoOk, "SHA-384"),
        5 => (AlgoOk, "GOST R 34.11-2012"),
        6 => (AlgoOk, "SM3"),
        >= 128 and <= 252 => (AlgoReserved, "Reserved"),
        253 or 254 => (AlgoPrivate, "Private use"),
        _ => (AlgoUnassigned, "Unassigned"),
    };

    private static string ServerList(IEnumerable<string> servers) => string.Join(";", servers.Distinct().Order(StringComparer.Ordinal));

    private static IEnumerable<Evidence> EvidenceFor(ZoneFacts facts, IEnumerable<string> servers)
    {
        var wanted = servers.ToHashSet(StringComparer.Ordinal);
        if (wanted.Contains("-"))
        {
            // DS given with --ds: the proof is the input itself.
            return facts.ParentDs.Select(ds => new Evidence("--ds", System.Net.IPAddress.None, $"{facts.Zone} DS", "-",
                $"given by hand: {ds.KeyTag.ToString(CultureInfo.InvariantCulture)} {ds.Algorithm.ToString(CultureInfo.InvariantCulture)} {ds.DigestType.ToString(CultureInfo.InvariantCulture)}", TimeSpan.Zero, default, default));
        }

        return facts.ParentDsResponses.Where(r => wanted.Contains(r.Server.Address.ToString())).Select(r => EvidenceBuilder.From(r.Server, r.Outcome));
    }
}
