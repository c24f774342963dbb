using Dnscert.Dns;

namespace Dnscert.Checks.Engine;

/// <summary>The <c>Dnscert:Checks</c> section: politeness and time bounds of one zone check.</summary>
public sealed class CheckOptions
{
    public const string Section = "Dnscert:Checks";

    /// <summary>Time-out of one query to one server.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// UDP queries that time out are sent again this many times (a new ID each time). None by default: each
    /// server's own behaviour is the finding, and a dead server must not stretch the run.
    /// </summary>
    public int Retries { get; set; }

    /// <summary>Queries per second sent to one server address at most (0: no limit beyond the concurrency).</summary>
    public double RatePerServer { get; set; }

    /// <summary>
    /// Queries in flight to one server address at once. One zone's probes (about 30 per server: SOA, NS, DNSSEC and
    /// EDNS probes) go out in one burst, so a check costs one round trip per dependency level, not several.
    /// </summary>
    public int PerServerConcurrency { get; set; } = 32;

    /// <summary>Queries in flight in all.</summary>
    public int TotalConcurrency { get; set; } = 64;

    /// <summary>Referrals followed from the root before giving up.</summary>
    public int MaxReferrals { get; set; } = 16;

    /// <summary>When set, every query is written here as it completes (start offset, server, question, time): `--verbose`.</summary>
    public TextWriter? Trace { get; set; }

    /// <summary>
    /// Base name of the IP-to-ASN data CONNECTIVITY03/04 query in Team Cymru's DNS format (origin.&lt;base&gt; for IPv4,
    /// origin6.&lt;base&gt; for IPv6); Zonemaster's default. Null turns those lookups off.
    /// </summary>
    public string? AsnBase { get; set; } = "asnlookup.zonemaster.net.";

    /// <summary><see cref="AsnBase"/> as a name; null when unset, empty or <c>none</c>.</summary>
    public DomainName? AsnBaseName =>
        string.IsNullOrWhiteSpace(AsnBase) || AsnBase.Equals("none", StringComparison.OrdinalIgnoreCase) ? null
        : DomainName.TryParse(AsnBase.EndsWith('.') ? AsnBase : AsnBase + ".", out var name) && !name.IsRoot ? name : null;

    /// <summary>Where CONNECTIVITY03/04 look up origin ASNs and prefixes: Team Cymru's DNS format (default) or RIPE's RIS whois.</summary>
    public AsnSource AsnSource { get; set; } = AsnSource.Cymru;

    /// <summary>The RIS whois server for <see cref="AsnSource.Ripe"/>: HOST, HOST:PORT or ADDRESS[:PORT] (port 43 by default).</summary>
    public string AsnWhoisServer { get; set; } = RisWhoisLookup.DefaultServer;

    /// <summary>Time for one whois exchange (connect, question, whole answer).</summary>
    public TimeSpan WhoisTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool UseIPv4 { get; set; } = true;

    public bool UseIPv6 { get; set; } = true;

    /// <summary>The root anchor of the chain of trust (--trust-anchor); null: IANA's when IANA's root servers are used.</summary>
    public TrustAnchor? TrustAnchor { get; set; }

    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (QueryTimeout <= TimeSpan.Zero || QueryTimeout > TimeSpan.FromSeconds(30))
        {
            problems.Add($"{Section}:QueryTimeout must be between 0 and 30 s.");
        }

        if (PerServerConcurrency is < 1 or > 64 || TotalConcurrency is < 1 or > 4096)
        {
            problems.Add($"{Section}: concurrency must be 1..64 per server and 1..4096 in all.");
        }

        if (Retries is < 0 or > 5)
        {
            problems.Add($"{Section}:Retries must be between 0 and 5.");
        }

        if (RatePerServer is < 0 or > 100000 || double.IsNaN(RatePerServer))
        {
            problems.Add($"{Section}:RatePerServer must be between 0 (no limit) and 100000 queries per second.");
        }

        if (!UseIPv4 && !UseIPv6)
        {
            problems.Add($"{Section}: at least one of IPv4 and IPv6 must be on.");
        }

        if (!string.IsNullOrWhiteSpace(AsnBase) && !AsnBase.Equals("none", StringComparison.OrdinalIgnoreCase) && AsnBaseName is null)
        {
            problems.Add($"{Section}:AsnBase '{AsnBase}' is not a domain name (use none to turn ASN lookups off).");
        }

        if (!Enum.IsDefined(AsnSource))
        {
            problems.Add($"{Section}:AsnSource must be cymru or ripe.");
        }

        if (!RisWhoisLookup.TryParseServer(AsnWhoisServer ?? "", out _, out _, out _))
        {
            problems.Add($"{Section}:AsnWhoisServer '{AsnWhoisServer}' is not HOST[:PORT] or ADDRESS[:PORT].");
        }

        if (WhoisTimeout <= TimeSpan.Zero || WhoisTimeout > TimeSpan.FromSeconds(60))
        {
            problems.Add($"{Section}:WhoisTimeout must be between 0 and 60 s.");
        }

        return problems;
    }
}
