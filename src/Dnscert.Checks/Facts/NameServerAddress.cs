using System.Net;
using Dnscert.Dns;

namespace Dnscert.Checks.Facts;

/// <summary>One name server name at one of its addresses: the unit every probe is sent to.</summary>
public sealed record NameServerAddress(DomainName Name, IPAddress Address)
{
    public override string ToString() => $"{Name}/{Address}";
}
