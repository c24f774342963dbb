using System.Net;
using Dnscert.Dns;
using Dnscert.Dns.Transport;

namespace Dnscert.Checks.Facts;

/// <summary>The primary a SOA names (MNAME): its addresses and what each answered to the zone's SOA query (ZONE01).</summary>
public sealed record MnameFacts(DomainName Name, IReadOnlyList<IPAddress> Addresses, IReadOnlyDictionary<IPAddress, DnsExchangeOutcome> SoaAnswers);
