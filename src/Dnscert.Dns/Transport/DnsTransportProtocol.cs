namespace Dnscert.Dns.Transport;

public enum DnsTransportProtocol
{
    Udp = 0,
    Tcp = 1,
}
