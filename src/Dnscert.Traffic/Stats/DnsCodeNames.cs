using Dnscert.Dns;
using Dnscert.Dns.Wire;

namespace Dnscert.Traffic.Stats;

/// <summary>Mnemonics for the codes statistics report, falling back to the number for unassigned values.</summary>
public static class DnsCodeNames
{
    public static string QueryType(int code) => DnsMnemonics.ToText((RRType)code);

    public static string ResponseCode(int code) => Enum.IsDefined((DnsResponseCode)code)
        ? ((DnsResponseCode)code).ToString().ToUpperInvariant()
        : $"RCODE{code}";

    public static string Opcode(int code) => Enum.IsDefined((DnsOpcode)code)
        ? ((DnsOpcode)code).ToString().ToUpperInvariant()
        : $"OPCODE{code}";
}
