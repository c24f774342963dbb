namespace Dnscert.Coordination.Stakeholders;

/// <summary>
/// What an organisation is responsible for. Suffixes are lower-case DNS names without the final dot
/// (<c>test</c>, <c>example-dns.test</c>); prefixes are CIDR strings; countries ISO 3166-1 alpha-2 codes in upper case;
/// registrar ids as the registry spells them.
/// </summary>
public sealed record Constituency(
    IReadOnlyList<string> DomainSuffixes,
    IReadOnlyList<string> NameServerSuffixes,
    IReadOnlyList<string> IpPrefixes,
    IReadOnlyList<int> Asns,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> RegistrarIds)
{
    public static Constituency Empty { get; } = new([], [], [], [], [], []);
}
