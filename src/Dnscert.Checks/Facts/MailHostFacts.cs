using System.Net;
using Dnscert.Checks.Messages;
using Dnscert.Dns;

namespace Dnscert.Checks.Facts;

/// <summary>
/// One host that receives mail for the RNAME's mail domain (an MX target, or the domain itself without MX):
/// its A and AAAA answers, and whether either came back as a CNAME, which RFC 5321 §5.1 rules out.
/// </summary>
public sealed record MailHostFacts(DomainName Name, IReadOnlyList<IPAddress> V4, bool V4Cname, IReadOnlyList<IPAddress> V6, bool V6Cname, IReadOnlyList<Evidence> Evidence);
