namespace Dnscert.Dns.Dnssec;

/// <summary>
/// The outcome of a denial-of-existence check: status, a sentence for the report, and the names the proof was
/// built on. <see cref="OptOut"/> is true when an NSEC3 with the opt-out flag covers the next closer name:
/// an unsigned delegation may then exist there, so the denial is insecure rather than proven (RFC 5155 §9.2).
/// </summary>
public sealed record DenialResult(DenialStatus Status, string Detail)
{
    public bool IsProven => Status == DenialStatus.Proven;

    public bool OptOut { get; init; }

    /// <summary>True when the proof relies on a wildcard (wildcard NODATA).</summary>
    public bool ViaWildcard { get; init; }

    public DomainName? ClosestEncloser { get; init; }

    public DomainName? NextCloser { get; init; }

    public override string ToString() => $"{Status}: {Detail}";
}
