using Dnscert.Checks.Messages;
using Dnscert.Dns;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// The outcome of following the chain of trust: the status, the zone where it was decided, the exact record
/// (e.g. "example.test. DNSKEY") and key tag at fault, the reason, the zones validated on the way, and the
/// exchanges behind the verdict. <see cref="ServerFaults"/> names the single servers whose answers fail where
/// another server of the same level validates.
/// </summary>
public sealed record ChainVerdict(ChainStatus Status, DomainName At, string Record, ushort? KeyTag, string Reason, IReadOnlyList<DomainName> Path, IReadOnlyList<Evidence> Evidence)
{
    public IReadOnlyList<ServerChainFault> ServerFaults { get; init; } = [];
}
