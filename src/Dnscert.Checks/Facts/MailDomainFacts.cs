using Dnscert.Checks.Messages;
using Dnscert.Dns;

namespace Dnscert.Checks.Facts;

/// <summary>
/// The mail domain of an SOA RNAME (SYNTAX06), resolved from the root: whether its MX lookup gave a NOERROR
/// answer, and the hosts that would take the mail with their addresses.
/// </summary>
public sealed record MailDomainFacts(DomainName Domain, bool MxNoError, IReadOnlyList<MailHostFacts> Hosts, IReadOnlyList<Evidence> Evidence);
