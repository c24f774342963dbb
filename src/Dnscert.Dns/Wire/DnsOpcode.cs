namespace Dnscert.Dns.Wire;

/// <summary>Header OPCODE (4 bits).</summary>
public enum DnsOpcode
{
    Query = 0,
    IQuery = 1,
    Status = 2,
    Notify = 4,
    Update = 5,
    Dso = 6,
}
