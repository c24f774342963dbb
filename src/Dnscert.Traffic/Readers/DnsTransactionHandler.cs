namespace Dnscert.Traffic.Readers;

/// <summary>Receives each DNS message read from a capture; see <see cref="DnsTransaction"/> for how long it is valid.</summary>
public delegate void DnsTransactionHandler(in DnsTransaction transaction);
