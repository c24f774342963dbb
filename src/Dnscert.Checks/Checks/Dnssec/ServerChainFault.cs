using Dnscert.Checks.Facts;
using Dnscert.Checks.Messages;

namespace Dnscert.Checks.Dnssec;

/// <summary>
/// One server whose own answer breaks the chain of trust while other servers of the same level keep it intact:
/// a resolver that happens to ask this server fails validation (SERVFAIL) for the zone.
/// </summary>
public sealed record ServerChainFault(NameServerAddress Server, string Record, ushort? KeyTag, string Reason, Evidence Evidence);
