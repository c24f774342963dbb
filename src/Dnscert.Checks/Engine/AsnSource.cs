namespace Dnscert.Checks.Engine;

/// <summary>Where CONNECTIVITY03/04 learn the origin AS and prefix of an address (Zonemaster's asn_db.style).</summary>
public enum AsnSource
{
    /// <summary>Team Cymru's DNS format (TXT at &lt;reversed address&gt;.origin[6].&lt;base&gt;), resolved from the root.</summary>
    Cymru = 0,

    /// <summary>RIPE's RIS whois server over TCP port 43 (RFC 3912).</summary>
    Ripe = 1,
}
