using Dnscert.Dns.Records;
using Dnscert.Dns.Wire;

namespace Dnscert.Dns.Dnssec;

/// <summary>
/// NSEC denial of existence (RFC 4035 §3.1.3 and §5.4, RFC 6840 §4.1): which records prove an NXDOMAIN or a
/// NODATA answer. The NSEC RRsets' own signatures are the caller's to verify with <see cref="RrsigVerifier"/>;
/// this checks only that the given records, if authentic, prove the claim.
/// </summary>
public static class NsecDenial
{
    /// <summary>The NSEC records of <paramref name="section"/> with their owners.</summary>
    public static List<(DomainName Owner, NsecRecordData Data)> Collect(ReadOnlySpan<DnsRecord> section)
    {
        var list = new List<(DomainName, NsecRecordData)>();
        foreach (var record in section)
        {
            if (record.Type == RRType.NSEC && record.GetData() is NsecRecordData data)
            {
                list.Add((record.Owner, data));
            }
        }

        return list;
    }

    /// <summary>NXDOMAIN: an NSEC covers <paramref name="qname"/> and an NSEC covers the wildcard at the closest encloser.</summary>
    public static DenialResult ProveNameError(DomainName qname, IReadOnlyList<(DomainName Owner, NsecRecordData Data)> nsecs)
    {
        ArgumentNullException.ThrowIfNull(nsecs);
        if (nsecs.Count == 0)
        {
            return new DenialResult(DenialStatus.NoRecords, "No NSEC records were given.");
        }

        if (nsecs.Any(n => n.Owner == qname))
        {
            return new DenialResult(DenialStatus.NameExists, $"An NSEC exists at {qname}, so the name exists.");
        }

        var cover = FindCover(qname, nsecs);
        if (cover is not { } covering)
        {
            return new DenialResult(DenialStatus.MissingNameCover, $"No NSEC covers {qname}.");
        }

        if (IsDelegationOrDnameAbove(covering, qname))
        {
            return new DenialResult(DenialStatus.DelegationOrDname, $"The NSEC at {covering.Owner} is at a delegation or DNAME above {qname}; it cannot deny names below it.");
        }

        if (covering.Data.NextName.IsSubdomainOf(qname))
        {
            return new DenialResult(DenialStatus.NameExists, $"{covering.Data.NextName} lies below {qname}, so {qname} is an empty non-terminal.");
        }

        var encloser = ClosestEncloser(qname, covering);
        return WildcardDenied(encloser, nsecs) with { ClosestEncloser = encloser };
    }

    /// <summary>
    /// NODATA: an NSEC at <paramref name="qname"/> without <paramref name="qtype"/> and CNAME; or, for an empty
    /// non-terminal, an NSEC whose next name lies below it; or (wildcard NODATA) an NSEC covering the name and an
    /// NSEC at the wildcard of the closest encloser without the type.
    /// </summary>
    public static DenialResult ProveNoData(DomainName qname, RRType qtype, IReadOnlyList<(DomainName Owner, NsecRecordData Data)> nsecs)
    {
        ArgumentNullException.ThrowIfNull(nsecs);
        if (nsecs.Count == 0)
        {
            return new DenialResult(DenialStatus.NoRecords, "No NSEC records were given.");
        }

        foreach (var nsec in nsecs.Where(n => n.Owner == qname))
        {
            return CheckBitmap(nsec, qtype, wildcard: false);
        }

        if (FindCover(qname, nsecs) is not { } covering)
        {
            return new DenialResult(DenialStatus.MissingMatchingRecord, $"No NSEC matches {qname} and none covers it.");
        }

        if (covering.Data.NextName.IsSubdomainOf(qname))
        {
            return new DenialResult(DenialStatus.Proven, $"{qname} is an empty non-terminal: the NSEC at {covering.Owner} continues below it.");
        }

        var encloser = ClosestEncloser(qname, covering);
        var wildcard = DomainNames.Wildcard(encloser);
        foreach (var nsec in nsecs.Where(n => n.Owner == wildcard))
        {
            return CheckBitmap(nsec, qtype, wildcard: true) with { ClosestEncloser = encloser };
        }

        return new DenialResult(DenialStatus.MissingMatchingRecord, $"No NSEC matches {qname}, nor the wildcard {wildcard}.") { ClosestEncloser = encloser };
    }

    /// <summary>
    /// A positive answer synthesised from a wildcard (RFC 4035 §5.3.4): <paramref name="rrsigLabels"/> is the
    /// RRSIG Labels field of the answer; an NSEC must cover the next closer name, so no closer match exists.
    /// </summary>
    public static DenialResult ProveWildcardAnswer(DomainName qname, byte rrsigLabels, IReadOnlyList<(DomainName Owner, NsecRecordData Data)> nsecs)
    {
        ArgumentNullException.ThrowIfNull(nsecs);
        if (rrsigLabels >= qname.LabelCount)
        {
            return new DenialResult(DenialStatus.NameExists, $"The RRSIG Labels field {rrsigLabels} says {qname} was not synthesised from a wildcard.");
        }

        var encloser = DomainNames.Suffix(qname, rrsigLabels);
        var nextCloser = DomainNames.Suffix(qname, rrsigLabels + 1);
        return FindCover(nextCloser, nsecs) is { } cover
            ? new DenialResult(DenialStatus.Proven, $"The NSEC at {cover.Owner} covers the next closer name {nextCloser}.") { ClosestEncloser = encloser, NextCloser = nextCloser }
            : new DenialResult(DenialStatus.MissingNameCover, $"No NSEC covers the next closer name {nextCloser}.") { ClosestEncloser = encloser, NextCloser = nextCloser };
    }

    /// <summary>True when the NSEC's owner &lt; name &lt; next name in canonical order, the last NSEC wrapping to the apex.</summary>
    public static bool Covers(DomainName owner, DomainName next, DomainName name)
    {
        var afterOwner = name.CompareTo(owner) > 0;
        var beforeNext = name.CompareTo(next) < 0;
        return owner.CompareTo(next) < 0 ? afterOwner && beforeNext : afterOwner || beforeNext;
    }

    private static DenialResult CheckBitmap((DomainName Owner, NsecRecordData Data) nsec, RRType qtype, bool wildcard)
    {
        var types = nsec.Data.Types;
        if (types.Contains(qtype))
        {
            return new DenialResult(DenialStatus.TypePresent, $"The NSEC at {nsec.Owner} lists {DnsMnemonics.ToText(qtype)}.");
        }

        if (types.Contains(RRType.CNAME))
        {
            return new DenialResult(DenialStatus.CnamePresent, $"The NSEC at {nsec.Owner} lists CNAME.");
        }

        // RFC 6840 §4.1: the parent-side NSEC of a delegation only speaks for the DS type.
        if (qtype != RRType.DS && types.Contains(RRType.NS) && !types.Contains(RRType.SOA))
        {
            return new DenialResult(DenialStatus.DelegationOrDname, $"The NSEC at {nsec.Owner} is the parent side of a delegation; it cannot deny {DnsMnemonics.ToText(qtype)}.");
        }

        return new DenialResult(DenialStatus.Proven, $"The NSEC at {nsec.Owner} does not list {DnsMnemonics.ToText(qtype)}.") { ViaWildcard = wildcard };
    }

    private static DenialResult WildcardDenied(DomainName encloser, IReadOnlyList<(DomainName Owner, NsecRecordData Data)> nsecs)
    {
        var wildcard = DomainNames.Wildcard(encloser);
        if (nsecs.Any(n => n.Owner == wildcard))
        {
            return new DenialResult(DenialStatus.WildcardExists, $"The wildcard {wildcard} exists.");
        }

        return FindCover(wildcard, nsecs) is null
            ? new DenialResult(DenialStatus.MissingWildcardCover, $"No NSEC covers the wildcard {wildcard}.")
            : new DenialResult(DenialStatus.Proven, $"NSEC records cover the name and the wildcard {wildcard}.");
    }

    private static (DomainName Owner, NsecRecordData Data)? FindCover(DomainName name, IReadOnlyList<(DomainName Owner, NsecRecordData Data)> nsecs)
    {
        foreach (var nsec in nsecs)
        {
            if (Covers(nsec.Owner, nsec.Data.NextName, name))
            {
                return nsec;
            }
        }

        return null;
    }

    // The closest encloser is the longer of the names qname shares with the NSEC's owner and with its next name.
    private static DomainName ClosestEncloser(DomainName qname, (DomainName Owner, NsecRecordData Data) covering)
    {
        var viaOwner = DomainNames.CommonAncestor(qname, covering.Owner);
        var viaNext = DomainNames.CommonAncestor(qname, covering.Data.NextName);
        return viaOwner.LabelCount >= viaNext.LabelCount ? viaOwner : viaNext;
    }

    private static bool IsDelegationOrDnameAbove((DomainName Owner, NsecRecordData Data) nsec, DomainName qname)
    {
        if (!qname.IsSubdomainOf(nsec.Owner) || qname == nsec.Owner)
        {
            return false;
        }

        var types = nsec.Data.Types;
        return types.Contains(RRType.DNAME) || (types.Contains(RRType.NS) && !types.Contains(RRType.SOA));
    }
}
